import { describe, expect, it } from 'vitest';
import { BackfireConfigError, BackfireInputError } from '../errors/errors.js';
import {
  check,
  checkArray,
  checkBoolean,
  checkFiniteNumber,
  checkFunction,
  checkInteger,
  checkNonEmptyText,
  checkObject,
  checkOneOf,
  checkPositive,
  checkText,
  checkTextPairs,
} from './check.js';

// The messages are the ones the hand-written checks threw before this module: users' log
// filters and the other packages' tests read them.
describe('check* helpers', () => {
  it('return the value when it passes', () => {
    expect(checkText('f', '')).toBe('');
    expect(checkNonEmptyText('f', ' ')).toBe(' ');
    expect(checkFiniteNumber('f', -1.5)).toBe(-1.5);
    expect(checkInteger('f', 3, 1)).toBe(3);
    expect(checkPositive('f', 0.1)).toBe(0.1);
    expect(checkOneOf('f', 'b', ['a', 'b'])).toBe('b');
    expect(checkBoolean('f', false)).toBe(false);
    expect(checkArray('f', [1])).toEqual([1]);
    expect(checkTextPairs('pairs', [['p', 'h']])).toEqual([['p', 'h']]);
    const fn = (): void => undefined;
    expect(() => checkFunction('f', fn)).not.toThrow();
    expect(checkObject('f', [], { rule: 'must be an object' })).toEqual([]);
  });

  it('throw a BackfireInputError by default, with the usual rule text', () => {
    expect(() => checkText('prompt', 1)).toThrow(
      new BackfireInputError('prompt', 1, 'must be a string'),
    );
    expect(() => checkText('prompt', 1)).toThrow('prompt must be a string, got 1');
    expect(() => checkNonEmptyText('name', '')).toThrow('name must be a non-empty string, got ""');
    expect(() => checkFiniteNumber('x', Number.NaN)).toThrow('x must be a finite number, got NaN');
    expect(() => checkInteger('k', 0, 1)).toThrow('k must be an integer >= 1, got 0');
    expect(() => checkInteger('k', 1.5, 1)).toThrow('k must be an integer >= 1, got 1.5');
    expect(() => checkPositive('t', 0)).toThrow('t must be > 0, got 0');
    expect(() => checkOneOf('d', 'x', ['a', 'b'])).toThrow('d must be one of a, b, got "x"');
    expect(() => checkBoolean('b', 1)).toThrow('b must be a boolean, got 1');
    expect(() => checkFunction('cb', 1)).toThrow('cb must be a function, got 1');
    expect(() => checkArray('a', {})).toThrow('a must be an array, got object Object');
    expect(() => check(false, 'f', 2, 'must be odd')).toThrow(BackfireInputError);
  });

  it('take the error class, the rule and the spelling of ≥ from the caller', () => {
    const error = BackfireConfigError;
    expect(() => checkInteger('maxLength', 2, 4, { error, atLeast: '≥' })).toThrow(
      new BackfireConfigError('maxLength', 2, 'must be an integer ≥ 4'),
    );
    expect(() => checkText('note', 1, { rule: 'must return a string' })).toThrow(
      'note must return a string, got 1',
    );
    expect(() => checkNonEmptyText('m', '  ', { blank: 'rejected' })).toThrow(
      'm must be a non-empty string, got "  "',
    );
    expect(() => checkObject('c', [], { arrays: 'rejected', rule: 'must be an object' })).toThrow(
      'c must be an object, got array(0)',
    );
    expect(() => checkObject('c', null, { rule: 'must be an object', error })).toThrow(
      BackfireConfigError,
    );
  });

  it('name the failing pair and element in a list of text pairs', () => {
    expect(() => checkTextPairs('pairs', 'x')).toThrow('pairs must be an array');
    expect(() => checkTextPairs('pairs', [['a']])).toThrow(
      'pairs[0] must be a [premise, hypothesis] pair',
    );
    expect(() =>
      checkTextPairs('pairs', [
        ['a', 'b'],
        ['c', 2],
      ]),
    ).toThrow('pairs[1][1] must be a string, got 2');
  });
});
