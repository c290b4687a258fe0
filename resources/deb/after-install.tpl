#!/bin/bash
# The deb's after-install script (electron-builder `deb.afterInstall`): electron-builder 26's own
# after-install template, with the install folder locked down first. electron-builder substitutes
# ${executable} and ${sanitizedProductName} when it builds the package and refuses any other
# dollar-brace macro, so shell variables below are written $NAME, never with braces.
#
# Electron's ASAR integrity check does not run on Linux (macOS and Windows only), so nothing in the
# binary notices an edited app.asar. What keeps the station's code as shipped is this folder: owned
# by root and writable by nobody else, so the kiosk user (or anything running as it) cannot change a
# byte of it. dpkg unpacks it root-owned; this also makes it so whatever umask the package was built
# under, on every install and upgrade. dpkg's md5sums of the same files (`dpkg --verify`) show any
# later change.

APP_DIR='/opt/${sanitizedProductName}'

# chown first: it clears the setuid bit that the chrome-sandbox step below may set again.
chown -R root:root "$APP_DIR" || { echo "mailscreen: could not give $APP_DIR to root" >&2; exit 1; }
chmod -R go-w "$APP_DIR" || { echo "mailscreen: could not make $APP_DIR read-only to other users" >&2; exit 1; }

if type update-alternatives >/dev/null 2>&1; then
    # Remove previous link if it doesn't use update-alternatives
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

# Check if user namespaces are supported by the kernel and working with a quick test:
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    # Use SUID chrome-sandbox only on systems without user namespaces:
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# Install the AppArmor profile (Ubuntu 24+) when this AppArmor supports it, as electron-builder does.
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE='/opt/${sanitizedProductName}/resources/apparmor-profile'
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi
