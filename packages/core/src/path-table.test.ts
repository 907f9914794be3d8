import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { IdList, PathList, PathTable } from './path-table.js';

describe('PathTable', () => {
  it('gives each path one id, its directories theirs before it, and its text back', () => {
    const table = new PathTable();
    expect(table.intern('a/b/c.txt')).toBe(2); // a/ is 0, a/b/ is 1
    expect(table.intern('a/b/')).toBe(1);
    expect(table.intern('a/d')).toBe(3);
    expect(table.intern('a/b/c.txt')).toBe(2);
    expect(table.find('a/')).toBe(0);
    expect(table.find('a/b/c')).toBe(-1);
    expect(table.find('a/b/c.txt/')).toBe(-1);
    expect(table.find('b/c.txt')).toBe(-1);
    expect(table.size).toBe(4);
    expect([0, 1, 2, 3].map((id) => table.text(id))).toEqual(['a/', 'a/b/', 'a/b/c.txt', 'a/d']);
    expect(() => table.text(4)).toThrow('path id 4 is not in the table (4 paths)');
  });

  it('splits a path at its slashes as stored: a leading one, doubled ones, a container\'s !/', () => {
    const table = new PathTable();
    for (const path of ['/', '/abs', 'x//y', 'dir/', 'x.tar.gz!/inner/f']) expect(table.text(table.intern(path))).toBe(path);
    expect(table.find('/')).toBe(0);
    expect(table.find('x/')).toBeGreaterThanOrEqual(0);
    expect(table.find('x.tar.gz!/')).toBeGreaterThanOrEqual(0);
  });

  it('keeps every string exactly: the empty path, latin1, other scripts, unpaired surrogates', () => {
    const table = new PathTable();
    const paths = ['', 'caf\u00e9/\u00ff', '\u65e5\u672c/\u8a9e.txt', 'lone-\ud800-high', 'lone-\udc00-low', '\ud83d\ude00.txt', 'x\u0000y', 'caf\u00e9/\u4e00/\u00e9'];
    const ids = paths.map((p) => table.intern(p));
    expect(new Set(ids).size).toBe(paths.length);
    paths.forEach((p, i) => {
      expect(table.text(ids[i]!)).toBe(p);
      expect(table.find(p)).toBe(ids[i]);
    });
    // The same characters stored two ways are never one path: é as latin1 and as part of a wider string.
    expect(table.find('caf\u00e9/\u00ff\u0100')).toBe(-1);
  });

  it('holds a name longer than its chunks in a buffer of its own, and a path 60,000 directories deep', () => {
    const table = new PathTable();
    const long = `dir/${'n'.repeat(100_000)}`;
    const deep = `${'d/'.repeat(60_000)}f`;
    const longId = table.intern(long);
    const deepId = table.intern(deep);
    table.intern('short');
    expect(table.text(longId)).toBe(long);
    expect(table.find(long)).toBe(longId);
    expect(table.text(deepId)).toBe(deep);
    expect(table.find(deep)).toBe(deepId);
    expect(table.find(`${'d/'.repeat(59_999)}f`)).toBe(-1);
    expect(table.text(table.find('short'))).toBe('short');
  });

  it('gives a path the same text whatever was asked before it (it keeps the last directory made as text)', () => {
    const table = new PathTable();
    const paths = ['a/', 'a/x', 'a/b/', 'a/b/y', 'a/z', 'c/a/x', 'a/b/'];
    const ids = paths.map((p) => table.intern(p));
    for (const order of [[0, 1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1, 0], [3, 1, 3, 5, 0, 2, 4]]) {
      expect(order.map((i) => table.text(ids[i]!))).toEqual(order.map((i) => paths[i]));
    }
  });

  it('finds the same paths as a Map would, whatever is interned and looked up', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.string({ unit: fc.constantFrom('a', 'b', '/', '\u00e9', '\u4e00', '\ud800') , maxLength: 6 })), { maxLength: 300 }), (ops) => {
        const table = new PathTable();
        // What the table holds: each path interned, and its directories (`a/`, `a/b/` of `a/b/c`).
        const model = new Map<string, number>();
        for (const [add, path] of ops) {
          if (add) {
            const id = table.intern(path);
            if (model.has(path)) expect(id).toBe(model.get(path));
            for (let cut = path.indexOf('/'); cut >= 0 && cut < path.length - 1; cut = path.indexOf('/', cut + 1)) model.set(path.slice(0, cut + 1), table.find(path.slice(0, cut + 1)));
            model.set(path, id);
          } else {
            expect(table.find(path)).toBe(model.get(path) ?? -1);
          }
        }
        expect(table.size).toBe(model.size);
        expect(new Set(model.values()).size).toBe(model.size);
        for (const [path, id] of model) expect(table.text(id)).toBe(path);
      }),
    );
  });

  it('holds many paths (past several rehashes and chunks) and finds each', () => {
    const table = new PathTable();
    const n = 200_000;
    const ids = [];
    for (let i = 0; i < n; i++) ids.push(table.intern(`node_modules/pkg-${i % 997}/lib/file-${i}.js`));
    // The files, and their directories: node_modules/, 997 packages and their lib/.
    expect(table.size).toBe(n + 1 + 997 * 2);
    for (const i of [0, 1, 4095, 65_536, 131_071, n - 1]) {
      const path = `node_modules/pkg-${i % 997}/lib/file-${i}.js`;
      expect(table.find(path)).toBe(ids[i]);
      expect(table.text(ids[i]!)).toBe(path);
    }
    expect(table.find('node_modules/pkg-0/lib/file-200000.js')).toBe(-1);
  });
});

describe('IdList and PathList', () => {
  it('grow, read back in order, and keep what a filter accepts', () => {
    const ids = new IdList();
    for (let i = 0; i < 40; i++) ids.push(i * 3);
    expect(ids.length).toBe(40);
    expect(ids.at(39)).toBe(117);
    expect(ids.last()).toBe(117);
    expect(() => ids.at(40)).toThrow('index 40 is outside the list (40 ids)');
    ids.retain((id) => id % 2 === 0);
    expect([...ids].slice(0, 4)).toEqual([0, 6, 12, 18]);
    expect(ids.length).toBe(20);
    expect([ids.includes(6), ids.includes(9)]).toEqual([true, false]);
  });

  it('hold what was pushed, whether it comes in runs of consecutive ids or not', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 40 }))), { maxLength: 80 }), fc.nat(), (runs, probe) => {
        // Runs of consecutive ids of any length, from anywhere: long ones, single ids (enough of them
        // and the list turns plain), repeats.
        const model: number[] = [];
        const ids = new IdList();
        for (const [start, length] of runs) {
          for (let k = 0; k < length; k++) {
            model.push(start + k);
            ids.push(start + k);
          }
        }
        expect(ids.length).toBe(model.length);
        expect([...ids]).toEqual(model);
        if (model.length > 0) {
          const index = probe % model.length;
          expect(ids.at(index)).toBe(model[index]);
          expect(ids.last()).toBe(model[model.length - 1]);
        }
        ids.retain((id) => id % 3 !== 0);
        expect([...ids]).toEqual(model.filter((id) => id % 3 !== 0));
      }),
    );
  });

  it('list paths as pushed, sharing the ids of one table', () => {
    const table = new PathTable();
    const a = new PathList(table);
    const b = new PathList(table);
    for (const p of ['x/', 'x/1', 'x/2']) a.push(p);
    for (const p of ['x/2', 'x/1']) b.push(p);
    expect([...a]).toEqual(['x/', 'x/1', 'x/2']);
    expect([...b]).toEqual(['x/2', 'x/1']);
    expect(b.ids.at(0)).toBe(a.ids.at(2));
    expect([a.length, b.length, table.size]).toEqual([3, 2, 3]);
  });
});
