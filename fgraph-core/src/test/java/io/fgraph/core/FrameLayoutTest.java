package io.fgraph.core;

import org.junit.jupiter.api.Test;

import static io.fgraph.core.FrameLayout.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks the numbers of the diagram and worked example in {@link FrameLayout}'s javadoc. */
class FrameLayoutTest {
    @Test
    void bitPositionsMatchTheDiagram() {
        assertEquals(0, OFFSET_SHIFT);
        assertEquals(10, TYPE_SHIFT);
        assertEquals(12, BITMAP_SHIFT);
        assertEquals(12, DATA_WORDS_SHIFT);
        assertEquals(17, DATA_USER_SHIFT);
        assertEquals(20, DATA_USER_SHIFT + DATA_USER_BITS - 1);
        assertEquals(27, BITMAP_SHIFT + BITMAP_BITS - 1);
        assertEquals(5, HEADER_WORDS);
        assertEquals(256, MAX_DATA_BYTES);
        assertEquals(16, MAX_USERS);
    }

    @Test
    void workedExampleProducesTheWordsShown() {
        ShadowStack stack = new ShadowStack(0, 64);
        int h = stack.pushFrame(0x8000_0100L, 0x8000_0200L, 0x807F_FF00L, 42, 7);
        assertEquals(0, h);
        int user1 = stack.reserve(h, 1, 1);
        int user3 = stack.reserve(h, 3, 2);
        stack.setBitmap(h, 0b1010);
        assertEquals(h + 6, user1);
        assertEquals(h + 8, user3);
        assertEquals(0xA405L, stack.word(h + 5));
        assertEquals(0x2_0807L, stack.word(h + 7));
        assertEquals(0x6_180AL, stack.word(h + 10));
        assertEquals(h + 11, stack.topIndex());
        assertEquals(h, stack.topHeader());
        assertEquals(h + 7, stack.findData(h, stack.topIndex(), 1));
        assertEquals(h + 10, stack.findData(h, stack.topIndex(), 3));
        assertEquals(-1, stack.findData(h, stack.topIndex(), 2));
    }

    @Test
    void everyMetaWordLeadsBackToItsHeaderAcrossFrames() {
        ShadowStack stack = new ShadowStack(0, 64);
        int first = stack.pushFrame(1, 2, 300, 0, 0);
        stack.reserve(first, 0, 3);
        stack.setBitmap(first, 1);
        int second = stack.pushFrame(4, 5, 200, 0, 0);
        stack.setBitmap(second, 2);
        assertEquals(second, stack.topHeader());
        assertEquals(first, stack.headerBelow(second));
        assertEquals(-1, stack.headerBelow(first));
        assertEquals(2, stack.depth());
        assertEquals(second, stack.frameEnd(first));
    }

    @Test
    void fullStackRefusesFramesAndData() {
        ShadowStack stack = new ShadowStack(0, MIN_FRAME_WORDS + 2);
        int h = stack.pushFrame(1, 2, 3, 4, 5);
        assertEquals(-1, stack.reserve(h, 0, 2));
        assertEquals(MIN_FRAME_WORDS, stack.reserve(h, 0, 1));
        assertEquals(-1, stack.pushFrame(1, 2, 3, 4, 5));
    }
}
