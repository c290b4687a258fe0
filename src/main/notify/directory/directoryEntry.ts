/** One person as a directory source gives them (a CSV row, an LDAP entry), before it is applied. */
export interface DirectoryEntry {
  /** Stable across syncs: the employee ID, or the LDAP entry's UUID; never the name. */
  key: string;
  name: string;
  email: string | null;
  department: string | null;
  location: string | null;
  employeeId: string | null;
  badge: string | null;
}
