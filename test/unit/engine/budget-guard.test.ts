import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reservation } from '../../../electron/engine/budget/budget-guard.ts';
import { BudgetGuard } from '../../../electron/engine/budget/budget-guard.ts';

describe('BudgetGuard', () => {
  it('admits a request only while what is spent, what is reserved and its worst case fit the limit', () => {
    const guard = new BudgetGuard(1);
    const a = guard.reserve(0.4)!;
    const b = guard.reserve(0.4)!;
    expect(guard.reservedUsd).toBeCloseTo(0.8);
    expect(guard.reserve(0.3), 'reserved 0.8 + 0.3 > 1').toBeUndefined();
    expect(guard.admits(0.2)).toBe(true);
    guard.settle(a, 0.1);
    expect(guard.spentUsd).toBeCloseTo(0.1);
    expect(guard.availableUsd).toBeCloseTo(0.5);
    expect(guard.reserve(0.3), 'the settled request cost less than reserved: its rest is free again').toBeDefined();
    guard.settle(b, 0);
    expect(guard.spentUsd).toBeCloseTo(0.1);
  });

  it('counts what earlier starts spent: the same budget is not spent twice', () => {
    const guard = new BudgetGuard(1, 0.9);
    expect(guard.availableUsd).toBeCloseTo(0.1);
    expect(guard.reserve(0.2)).toBeUndefined();
    expect(guard.reserve(0.1)).toBeDefined();
  });

  it('admits a worst case equal to what is left, despite float crumbs', () => {
    const guard = new BudgetGuard(0.4);
    for (let i = 0; i < 3; i++) guard.settle(guard.reserve(0.1)!, 0.1);
    // 0.1 + 0.1 + 0.1 is 0.30000000000000004 in floats, and 0.1 more than 0.4: still the budget, not over it.
    expect(guard.spentUsd).toBeGreaterThan(0.3);
    const last = guard.reserve(0.1);
    expect(last).toBeDefined();
    expect(guard.reserve(0.000_001), 'a millionth of a dollar more is over').toBeUndefined();
  });

  it('refuses to settle a reservation twice, and bad figures, with messages that quote them', () => {
    const guard = new BudgetGuard(1);
    const r = guard.reserve(0.5)!;
    guard.settle(r, 0.2);
    expect(() => guard.settle(r, 0.2)).toThrow(/already settled/);
    expect(() => guard.reserve(-1)).toThrow(/got -1/);
    expect(() => guard.reserve(Number.NaN)).toThrow(/got NaN/);
    expect(() => new BudgetGuard(0)).toThrow(/more than 0 US dollars; got 0/);
    expect(() => new BudgetGuard(1, -0.5)).toThrow(/got -0.5/);
  });

  // Requests of random worst cases arrive and end in a random order, each billed anything from
  // nothing to its worst case, now and then more (a server that counted the prompt higher).
  const request = fc.record({
    worst: fc.double({ min: 1e-6, max: 0.05, noNaN: true }),
    billedShare: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(0), fc.constant(1)),
    /** Which open request ends before this one is asked for (index into the open ones), if any. */
    ends: fc.option(fc.nat(), { nil: undefined }),
  });

  it('never spends above the limit while no request costs more than its worst case (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.5, noNaN: true }), fc.array(request, { maxLength: 200 }), (limit, requests) => {
        const guard = new BudgetGuard(limit);
        const open: { reservation: Reservation; billed: number }[] = [];
        for (const r of requests) {
          if (r.ends !== undefined && open.length > 0) {
            const [ended] = open.splice(r.ends % open.length, 1);
            guard.settle(ended!.reservation, ended!.billed);
          }
          const reservation = guard.reserve(r.worst);
          if (reservation) open.push({ reservation, billed: r.worst * r.billedShare });
          expect(guard.spentUsd + guard.reservedUsd).toBeLessThanOrEqual(limit + 1e-9);
        }
        for (const { reservation, billed } of open) guard.settle(reservation, billed);
        expect(guard.spentUsd).toBeLessThanOrEqual(limit + 1e-9);
        expect(guard.reservedUsd).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never spends above the limit plus one worst case when one request is billed above it (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.5, noNaN: true }), fc.array(request, { minLength: 1, maxLength: 200 }), fc.nat(), (limit, requests, overIndex) => {
        const guard = new BudgetGuard(limit);
        const over = overIndex % requests.length;
        let largestWorst = 0;
        requests.forEach((r, i) => {
          const reservation = guard.reserve(r.worst);
          if (!reservation) return;
          largestWorst = Math.max(largestWorst, r.worst);
          // This one request is billed up to twice its worst case: the spend may pass the limit by that much, no more.
          guard.settle(reservation, i === over ? r.worst * (1 + r.billedShare) : r.worst * r.billedShare);
        });
        expect(guard.spentUsd).toBeLessThanOrEqual(limit + largestWorst + 1e-9);
        expect(guard.reserve(Math.max(1e-6, guard.limitUsd - guard.spentUsd + 1e-6))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
