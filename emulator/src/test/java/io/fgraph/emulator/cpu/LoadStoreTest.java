package io.fgraph.emulator.cpu;

import io.fgraph.emulator.memory.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.fgraph.emulator.cpu.Asm.A0;
import static io.fgraph.emulator.cpu.Asm.A1;
import static io.fgraph.emulator.cpu.Asm.A2;
import static io.fgraph.emulator.cpu.Asm.ZERO;
import static io.fgraph.emulator.cpu.CpuHarness.BASE;
import static io.fgraph.emulator.cpu.CpuHarness.DATA;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Loads with sign and zero extension, stores of each width, offsets, misaligned and page-crossing accesses. */
class LoadStoreTest {
    private static final byte[] PATTERN = {
        (byte) 0x81, (byte) 0x92, (byte) 0xA3, (byte) 0xB4, (byte) 0xC5, (byte) 0xD6, (byte) 0xE7, (byte) 0xF8,
        0x01, 0x12, 0x23, 0x34, 0x45, 0x56, 0x67, 0x78,
    };

    /** Little-endian value of {@code length} bytes of PATTERN from {@code offset}, zero-extended. */
    private static long littleEndian(int offset, int length) {
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = value << 8 | (PATTERN[offset + i] & 0xFF);
        }
        return value;
    }

    private static long signExtend(long value, int bits) {
        return value << (64 - bits) >> (64 - bits);
    }

    @ParameterizedTest(name = "offset {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
    void loadsExtendAsTheirNameSaysAtAnyAlignment(int offset) {
        CpuHarness harness = new CpuHarness();
        harness.machine().memory().write(DATA, PATTERN);
        long address = DATA + offset;
        assertEquals(signExtend(littleEndian(offset, 1), 8), harness.execute(Asm.encode(a -> a.lb(A0, 0, A1)), address, 0), "lb");
        assertEquals(littleEndian(offset, 1), harness.execute(Asm.encode(a -> a.lbu(A0, 0, A1)), address, 0), "lbu");
        assertEquals(signExtend(littleEndian(offset, 2), 16), harness.execute(Asm.encode(a -> a.lh(A0, 0, A1)), address, 0), "lh");
        assertEquals(littleEndian(offset, 2), harness.execute(Asm.encode(a -> a.lhu(A0, 0, A1)), address, 0), "lhu");
        assertEquals(signExtend(littleEndian(offset, 4), 32), harness.execute(Asm.encode(a -> a.lw(A0, 0, A1)), address, 0), "lw");
        assertEquals(littleEndian(offset, 4), harness.execute(Asm.encode(a -> a.lwu(A0, 0, A1)), address, 0), "lwu");
        assertEquals(littleEndian(offset, 8), harness.execute(Asm.encode(a -> a.ld(A0, 0, A1)), address, 0), "ld");
    }

    @Test
    void loadOffsetsAreSignExtendedTwelveBitImmediates() {
        CpuHarness harness = new CpuHarness();
        harness.machine().memory().write(DATA - 2048, new byte[] {0x11});
        harness.machine().memory().write(DATA + 2047, new byte[] {0x22});
        assertEquals(0x11, harness.execute(Asm.encode(a -> a.lbu(A0, -2048, A1)), DATA, 0));
        assertEquals(0x22, harness.execute(Asm.encode(a -> a.lbu(A0, 2047, A1)), DATA, 0));
    }

    @ParameterizedTest(name = "offset {0}")
    @ValueSource(ints = {0, 1, 3, 5, 7})
    void storesWriteExactlyTheirWidthLittleEndian(int offset) {
        long value = 0x1122_3344_5566_7788L;
        int[] widths = {1, 2, 4, 8};
        int[] encodings = {
            Asm.encode(a -> a.sb(A2, 0, A1)), Asm.encode(a -> a.sh(A2, 0, A1)),
            Asm.encode(a -> a.sw(A2, 0, A1)), Asm.encode(a -> a.sd(A2, 0, A1)),
        };
        for (int i = 0; i < widths.length; i++) {
            CpuHarness harness = new CpuHarness();
            byte[] before = new byte[24];
            java.util.Arrays.fill(before, (byte) 0xEE);
            harness.machine().memory().write(DATA, before);
            harness.execute(encodings[i], DATA + offset, value);
            byte[] expected = before.clone();
            for (int b = 0; b < widths[i]; b++) {
                expected[offset + b] = (byte) (value >>> (8 * b));
            }
            assertArrayEquals(expected, harness.machine().memory().read(DATA, 24), "width " + widths[i]);
        }
    }

    @Test
    void storeOffsetsAreSignExtendedTwelveBitImmediates() {
        CpuHarness harness = CpuHarness.runProgram(a -> a
                .li(A1, DATA).li(A2, 0x5A)
                .sb(A2, -2048, A1).sb(A2, 2047, A1).sh(A2, -1, A1).halt());
        Memory memory = harness.machine().memory();
        assertEquals(0x5A, memory.load8(DATA - 2048));
        assertEquals(0x5A, memory.load8(DATA + 2047));
        assertEquals(0x5A, memory.load16(DATA - 1));
    }

    @Test
    void misalignedAccessesCrossingAPageBoundarySucceed() {
        long boundary = BASE + 0x4_0000;
        for (int before = 1; before < 8; before++) {
            long address = boundary - before;
            CpuHarness harness = new CpuHarness();
            long value = 0x0102_0304_0506_0708L * before;
            harness.execute(Asm.encode(a -> a.sd(A2, 0, A1)), address, value);
            assertEquals(value, harness.execute(Asm.encode(a -> a.ld(A0, 0, A1)), address, 0), "ld across the page at -" + before);
            if (before < 4) {
                assertEquals((long) (int) value, harness.execute(Asm.encode(a -> a.lw(A0, 0, A1)), address, 0));
                assertEquals(value & 0xFFFF_FFFFL, harness.execute(Asm.encode(a -> a.lwu(A0, 0, A1)), address, 0));
            }
            byte[] bytes = harness.machine().memory().read(address, 8);
            for (int b = 0; b < 8; b++) {
                assertEquals((byte) (value >>> (8 * b)), bytes[b], "byte " + b);
            }
        }
    }

    @Test
    void loadIntoX0IsPerformedButDiscarded() {
        CpuHarness harness = new CpuHarness();
        harness.machine().memory().store64(DATA, -1);
        harness.execute(Asm.encode(a -> a.ld(ZERO, 0, A1)), DATA, 0);
        assertEquals(0, harness.x(ZERO));
    }

    @Test
    void aStoreThenLoadRoundTripsEveryWidthInAProgram() {
        CpuHarness harness = CpuHarness.runProgram(a -> a
                .li(A1, DATA).li(A2, 0xFEDC_BA98_7654_3210L)
                .sd(A2, 0, A1).sw(A2, 8, A1).sh(A2, 12, A1).sb(A2, 14, A1)
                .ld(A0, 0, A1).lw(Asm.T0, 8, A1).lhu(Asm.T1, 12, A1).lb(Asm.T2, 14, A1)
                .halt());
        assertEquals(0xFEDC_BA98_7654_3210L, harness.x(A0));
        assertEquals(0x7654_3210L, harness.x(Asm.T0));
        assertEquals(0x3210L, harness.x(Asm.T1));
        assertEquals(0x10L, harness.x(Asm.T2));
    }
}
