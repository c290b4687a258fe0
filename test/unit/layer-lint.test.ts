import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

/** Lints source text as if it lived at `file`, and returns the layer rule's messages. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'mailscreen/layers' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('the layer import rules of DESIGN.md fire', () => {
  it.each([
    ['src/shared/contract/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /Node module "node:fs"/],
    ['src/shared/contract/x.ts', "import path from 'path';\nexport const x = path;", /Node module "path"/],
    ['src/shared/domain/x.ts', "import { Store } from '../../main/store/index.ts';\nexport const x = Store;", /may not import src\/main\/store\/index.ts/],
    ['src/shared/domain/x.ts', "import { SerialScanner } from '../../hardware/index.ts';\nexport const x = SerialScanner;", /layer "hardware"/],
    ['src/shared/domain/x.ts', "import { useState } from 'react';\nexport const x = useState;", /DOM library "react"/],
    ['src/shared/domain/x.ts', 'export const x = () => document.title;', /document/],
    ['src/shared/domain/x.ts', 'export const x = () => Buffer.from("a");', /Buffer/],
    ['src/renderer/x.ts', "import { Station } from '../main/core/station.ts';\nexport const x = Station;", /layer "main"/],
    ['src/renderer/screens/x.ts', "import { SerialScanner } from '../../hardware/index.ts';\nexport const x = SerialScanner;", /layer "hardware"/],
    ['src/renderer/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;", /Node module "better-sqlite3"/],
    ['src/renderer/x.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;", /Node module "node:crypto"/],
    ['src/hardware/devices/x.ts', "import { Station } from '../../main/core/station.ts';\nexport const x = Station;", /layer "main"/],
    ['src/main/core/x.ts', "import { app } from 'electron';\nexport const x = app;", /only src\/main\/hosts\/electron may import "electron"/],
    ['src/main/hosts/web/x.ts', "import { ipcMain } from 'electron/main';\nexport const x = ipcMain;", /only src\/main\/hosts\/electron/],
    ['src/hardware/x.ts', "import { app } from 'electron';\nexport const x = app;", /only src\/main\/hosts\/electron/],
    ['src/main/core/x.ts', "import { App } from '../../renderer/App.tsx';\nexport const x = App;", /layer "renderer"/],
    ['src/main/core/x.ts', "export const x = () => import('../../renderer/main.tsx');", /layer "renderer"/],
    // src/main/workflow is pure: src/shared only.
    ['src/main/workflow/x.ts', "import { Store } from '../store/index.ts';\nexport const x = Store;", /src\/main\/workflow may not import src\/main\/store\/index.ts \(layer "main"\)/],
    ['src/main/workflow/x.ts', "import { screeningService } from '../core/screeningService.ts';\nexport const x = screeningService;", /src\/main\/workflow may not import src\/main\/core/],
    ['src/main/workflow/x.ts', "import { SerialScanner } from '../../hardware/index.ts';\nexport const x = SerialScanner;", /src\/main\/workflow may not import .* \(layer "hardware"\)/],
    ['src/main/workflow/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /workflow is pure .* Node module "node:fs"/],
    ['src/main/workflow/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;", /workflow may not import the npm package "better-sqlite3"/],
    // Each layer's npm packages are an allow-list.
    ['src/renderer/x.ts', "import PDFDocument from 'pdfkit';\nexport const x = PDFDocument;", /Node module "pdfkit"|npm package "pdfkit"/],
    ['src/renderer/x.ts', "import nodemailer from 'nodemailer';\nexport const x = nodemailer;", /Node module "nodemailer"|npm package "nodemailer"/],
    ['src/renderer/labels/x.ts', "import bwipjs from 'bwip-js';\nexport const x = bwipjs;", /src\/renderer may not import the npm package "bwip-js"/],
    ['src/renderer/x.ts', "import { format } from 'date-fns';\nexport const x = format;", /npm package "date-fns"/],
    ['src/shared/domain/x.ts', "import bwipjs from 'bwip-js';\nexport const x = bwipjs;", /src\/shared may not import the npm package "bwip-js"/],
    ['src/shared/domain/x.ts', "import { LineChart } from 'recharts';\nexport const x = LineChart;", /npm package "recharts"/],
    ['src/hardware/devices/x.ts', "import PDFDocument from 'pdfkit';\nexport const x = PDFDocument;", /src\/hardware may not import the npm package "pdfkit"/],
    ['src/hardware/devices/x.ts', "import { WebSocketServer } from 'ws';\nexport const x = WebSocketServer;", /src\/hardware may not import the npm package "ws"/],
    ['src/main/reports/x.ts', "import { simpleParser } from 'mailparser';\nexport const x = simpleParser;", /src\/main may not import the npm package "mailparser"/],
    ['src/main/core/x.ts', "import { LineChart } from 'recharts';\nexport const x = LineChart;", /src\/main may not import the npm package "recharts"/],
    ['src/main/hosts/electron/x.ts', "import { usb } from 'usb';\nexport const x = usb;", /src\/main\/hosts\/electron may not import the npm package "usb"/],
  ])('%s: %s', async (file, code, expected) => {
    const errors = await layerErrors(file, code);
    expect(errors.join('\n')).toMatch(expected);
  });

  it.each([
    ['src/shared/domain/x.ts', "import { z } from 'zod';\nimport { Role } from '../contract/roles.ts';\nexport const x = [z, Role];"],
    ['src/hardware/x.ts', "import { SerialPort } from 'serialport';\nimport { Role } from '../shared/contract/roles.ts';\nexport const x = [SerialPort, Role];"],
    ['src/main/core/x.ts', "import { SerialScanner } from '../../hardware/index.ts';\nimport Database from 'better-sqlite3';\nexport const x = [SerialScanner, Database];"],
    ['src/main/hosts/electron/x.ts', "import { app } from 'electron';\nimport { Station } from '../../core/station.ts';\nexport const x = [app, Station];"],
    ['src/renderer/x.ts', "import { useState } from 'react';\nimport { commands } from '../shared/contract/index.ts';\nexport const x = [useState, commands];"],
    ['src/renderer/labels/x.ts', "import bwipjs from 'bwip-js/browser';\nimport { createRoot } from 'react-dom/client';\nexport const x = [bwipjs, createRoot];"],
    ['src/main/workflow/x.ts', "import { z } from 'zod';\nimport type { ItemState } from '../../shared/contract/index.ts';\nimport { stepRequirement } from './screeningPolicy.ts';\nexport const x = [z, stepRequirement] as unknown as ItemState;"],
    ['src/main/core/x.ts', "import { itemLifecycle } from '../workflow/itemLifecycle.ts';\nimport PDFDocument from 'pdfkit';\nimport { WebSocketServer } from 'ws';\nexport const x = [itemLifecycle, PDFDocument, WebSocketServer];"],
    ['src/hardware/x.ts', "import { ReadlineParser } from '@serialport/parser-readline';\nimport { readFileSync } from 'node:fs';\nimport { EventEmitter } from 'events';\nexport const x = [ReadlineParser, readFileSync, EventEmitter];"],
  ])('allows %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });

  it('the source tree itself has no layer violation', async () => {
    const results = await eslint.lintFiles(['src']);
    const layerViolations = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'mailscreen/layers'));
    expect(layerViolations).toEqual([]);
    // Linting the whole tree with type-aware parsing takes tens of seconds on a busy 2-core machine.
  }, 180_000);
});
