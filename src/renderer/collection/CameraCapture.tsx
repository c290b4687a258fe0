import { useEffect, useRef, useState } from 'react';

const WIDTH = 320;
const HEIGHT = 240;
/** JPEG quality: a 320x240 face or parcel photo stays well under the station's 400 KB bound. */
const QUALITY = 0.8;

type CameraState = { kind: 'off' } | { kind: 'starting' } | { kind: 'live' } | { kind: 'refused'; message: string };

/**
 * The counter's camera: video only (the Electron host grants nothing else), a still taken as a
 * JPEG for the hand-over's proof. The stream stops when the photo is taken or the screen is left.
 */
export function CameraCapture({ photo, onPhoto }: { photo: string | null; onPhoto(jpegBase64: string | null): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const [state, setState] = useState<CameraState>({ kind: 'off' });
  const takeButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const wasLive = useRef(false);
  // Each button takes the other's place: the focus goes to the one that comes, so a keyboard user
  // does not fall out of the page between "Start the camera", "Take the photo" and "Take it again".
  useEffect(() => {
    if (state.kind === 'live') takeButton.current?.focus();
    else if (wasLive.current) startButton.current?.focus();
    wasLive.current = state.kind === 'live';
  }, [state.kind]);

  const stop = () => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
  };
  useEffect(() => stop, []);

  const start = async () => {
    setState({ kind: 'starting' });
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: { width: WIDTH, height: HEIGHT }, audio: false });
      stream.current = media;
      if (video.current) {
        video.current.srcObject = media;
        await video.current.play();
      }
      setState({ kind: 'live' });
    } catch (caught) {
      stop();
      setState({ kind: 'refused', message: `The camera could not be started (${caught instanceof Error ? caught.name : 'unknown'}): check it is connected, or hand over without a photo where the site allows.` });
    }
  };

  const take = () => {
    const source = video.current;
    if (!source) return;
    const canvas = document.createElement('canvas');
    canvas.width = WIDTH;
    canvas.height = HEIGHT;
    canvas.getContext('2d')?.drawImage(source, 0, 0, WIDTH, HEIGHT);
    const url = canvas.toDataURL('image/jpeg', QUALITY);
    stop();
    setState({ kind: 'off' });
    onPhoto(url.slice(url.indexOf(',') + 1));
  };

  return (
    <div className="camera">
      <video ref={video} className="camera-video" width={WIDTH} height={HEIGHT} muted playsInline hidden={state.kind !== 'live'} data-testid="camera-video" />
      {photo !== null && state.kind !== 'live' && <img className="camera-photo" src={`data:image/jpeg;base64,${photo}`} alt="The photo taken" width={WIDTH / 2} height={HEIGHT / 2} data-testid="camera-photo" />}
      {state.kind === 'refused' && (
        <p className="field-hint" role="alert">
          {state.message}
        </p>
      )}
      <div className="form-actions">
        {state.kind === 'live' ? (
          <button type="button" className="button button-primary" ref={takeButton} onClick={take} data-testid="camera-take">
            Take the photo
          </button>
        ) : (
          <button type="button" className="button" ref={startButton} onClick={() => void start()} disabled={state.kind === 'starting'} data-testid="camera-start">
            {photo === null ? 'Start the camera' : 'Take it again'}
          </button>
        )}
        {photo !== null && state.kind !== 'live' && (
          <button type="button" className="button" onClick={() => onPhoto(null)} data-testid="camera-discard">
            No photo
          </button>
        )}
      </div>
    </div>
  );
}
