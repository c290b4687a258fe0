import { useCallback, useEffect, useRef, useState } from 'react';
import { useAction } from '../hooks/index.ts';
import { fileBlob, saveBlobUrl, type StationFile } from './downloadFile.ts';

export interface DownloadedFile {
  fileName: string;
  url: string;
  bytes: number;
  at: number;
}

/**
 * One report or export: asks the station for it, offers it as a download and keeps its blob: URL
 * for a "save again" link until the next one (or until the screen goes, when it is revoked).
 */
export function useDownload() {
  const { busy, error, run } = useAction();
  const [file, setFile] = useState<DownloadedFile | null>(null);
  const urlRef = useRef<string | null>(null);

  useEffect(
    () => () => {
      if (urlRef.current !== null) URL.revokeObjectURL(urlRef.current);
    },
    [],
  );

  const download = useCallback(
    async <T,>(call: () => Promise<T>, toFile: (result: T) => StationFile): Promise<T | undefined> => {
      const result = await run(call);
      if (result === undefined) return undefined;
      const made = toFile(result);
      const blob = fileBlob(made);
      if (urlRef.current !== null) URL.revokeObjectURL(urlRef.current);
      const url = URL.createObjectURL(blob);
      urlRef.current = url;
      setFile({ fileName: made.fileName, url, bytes: blob.size, at: Date.now() });
      saveBlobUrl(url, made.fileName);
      return result;
    },
    [run],
  );

  return { busy, error, file, download };
}
