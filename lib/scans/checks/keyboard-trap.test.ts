import { describe, expect, it } from "vitest";
import { cycleAtEnd, keyCombination } from "./keyboard-trap";

describe("keyboard trap logic", () => {
  it("reads advised keys as combinations to press", () => {
    expect(keyCombination("Ctrl+M")).toBe("Control+m");
    expect(keyCombination("control - shift + F6")).toBe("Control+Shift+F6");
    expect(keyCombination("Esc")).toBe("Escape");
    expect(keyCombination("cmd+enter")).toBe("Meta+Enter");
  });

  it("finds a cycle through part of the page only when focus never reaches the page's end", () => {
    // Two buttons (1, 2) of four elements keep taking turns.
    expect(cycleAtEnd([0, 1, 2, 1, 2, 1, 2, 1, 2, 1], [0, 1, 2, 3])).toEqual([1, 2]);
    // Focus reaches the end of the page (-1) in the second half: the page's own order.
    expect(cycleAtEnd([0, 1, 2, 3, -1, 0, 1, 2, 3, -1], [0, 1, 2, 3])).toBeNull();
    // A cycle through every element is the page wrapping focus, not a trap of part of it.
    expect(cycleAtEnd([0, 1, 0, 1, 0, 1, 0, 1], [0, 1])).toBeNull();
    // Too short a walk to tell.
    expect(cycleAtEnd([1, 1, 1], [0, 1])).toBeNull();
  });
});
