import { useEffect, useState } from 'react';
import { useSite } from '../site/SiteContext.tsx';
import { useStation } from '../station/index.ts';

/**
 * Audit actors ("operator:<id>") as names. Only coordinators and admins may list operators, so a
 * screener sees their own name and "another operator" for the rest (requested: names in item.history).
 */
export function useOperatorNames(): (actor: string) => string {
  const station = useStation();
  const { operator } = useSite();
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map([[operator.id, operator.name]]));

  useEffect(() => {
    if (operator.role === 'screener') return;
    station.call('operator.list', {}).then(
      ({ operators }) => setNames(new Map(operators.map((known) => [known.id, known.name]))),
      (error: unknown) => console.warn('Operator names not loaded', error),
    );
  }, [station, operator.role]);

  return (actor) => {
    if (actor === 'station') return 'the station';
    const id = actor.startsWith('operator:') ? actor.slice('operator:'.length) : actor;
    return names.get(id) ?? 'another operator';
  };
}
