// A site file that is not JSON is reported by line and column, never by quoting it: the problem
// is shown to coordinators and logged, and the file may be a link to /etc/shadow.
import { describe, expect, it } from 'vitest';
import { firstSyntaxError, parseSiteJson } from '../../src/hardware/index.ts';

describe('parseSiteJson', () => {
  it('parses what JSON.parse parses', () => {
    expect(parseSiteJson('{"a": [1, -2.5e3, true, null, "x\\u00e9\\n"]}', 'f.json')).toEqual({ ok: true, value: { a: [1, -2500, true, null, 'xé\n'] } });
  });

  it('names the line and column of the fault and quotes nothing from the file', () => {
    const secret = 'root:$y$j9T$SECRETHASH:19700:0:99999:7:::';
    const result = parseSiteJson(`{\n  "a": 1,\n  ${secret}\n}`, '/data/sop/x.json');
    expect(result).toEqual({ ok: false, message: '/data/sop/x.json: is not valid JSON (line 3, column 3)' });
    const bare = parseSiteJson(secret, 'x.json');
    expect(bare.ok).toBe(false);
    if (!bare.ok) {
      expect(bare.message).not.toContain('root');
      expect(bare.message).not.toContain('SECRET');
    }
  });

  it('says when a file is empty or ends too early, and escapes control characters in the name', () => {
    expect(parseSiteJson('  ', 'a.json')).toEqual({ ok: false, message: 'a.json: is not valid JSON (the file is empty)' });
    expect(parseSiteJson('{"devices": {', 'a.json')).toEqual({ ok: false, message: 'a.json: is not valid JSON (it ends too early)' });
    expect(parseSiteJson('{', 'a\n\u001b[31m.json')).toEqual({ ok: false, message: 'a\\u000a\\u001b[31m.json: is not valid JSON (it ends too early)' });
  });

  it('a million nested brackets do not overflow the stack', () => {
    expect(firstSyntaxError('['.repeat(1_000_000))).toBe(1_000_000);
  });

  it('agrees with JSON.parse on whether random mutations of JSON are valid', () => {
    const base = '{"id":"x","n":[1,2.5,-3e2],"t":true,"f":false,"z":null,"s":"a\\"b\\\\c\\u0041"}';
    const alphabet = ['{', '}', '[', ']', ',', ':', '"', '\\', '1', '-', '.', 'e', 't', 'n', ' ', 'x', '\n', '\u0001'];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 3000; round += 1) {
      const chars = [...base];
      for (let k = 0; k <= random(3); k += 1) {
        const at = random(chars.length + 1);
        const op = random(3);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, alphabet[random(alphabet.length)]!);
        else chars[at] = alphabet[random(alphabet.length)]!;
      }
      const text = chars.join('');
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(firstSyntaxError(text) === null, text).toBe(valid);
    }
  });
});
