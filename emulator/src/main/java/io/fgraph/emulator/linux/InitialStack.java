package io.fgraph.emulator.linux;

import io.fgraph.emulator.memory.Memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack a Linux program starts on, as the kernel's {@code create_elf_tables} lays it out:
 *
 * <pre>
 *   top        0 (8 bytes)
 *              argument strings, environment strings, the program name (AT_EXECFN), NUL-terminated
 *              16 random bytes (AT_RANDOM), 16-byte aligned
 *              auxv: (type, value) pairs ending with AT_NULL, 0
 *              envp[0..m-1], NULL
 *              argv[0..n-1], NULL
 *   sp  -->    argc                                  (sp is 16-byte aligned)
 * </pre>
 */
public final class InitialStack {
    private InitialStack() {
    }

    /** The result: where {@code sp} starts, and the addresses auxv entries point to. */
    public record Layout(long stackPointer, long argv, long envp, long auxv, long random, long execfn) {
    }

    /**
     * Writes the initial stack below {@code top} and returns its layout; {@code auxv} gets the
     * AT_RANDOM and AT_EXECFN entries here (their addresses are known only now).
     *
     * @throws IllegalArgumentException if it would take more than {@code maxBytes}
     */
    public static Layout write(Memory memory, long top, List<String> argv, List<String> envp, String execfn,
                               byte[] random, AuxiliaryVector auxv, long maxBytes) {
        if (random.length != 16) {
            throw new IllegalArgumentException("random.length=" + random.length + ": must be 16");
        }
        List<byte[]> strings = new ArrayList<>();
        for (String s : argv) {
            strings.add(cString(s));
        }
        for (String s : envp) {
            strings.add(cString(s));
        }
        strings.add(cString(execfn));
        long stringBytes = 0;
        for (byte[] s : strings) {
            stringBytes += s.length;
        }
        long stringsStart = top - 8 - stringBytes;
        long randomAt = (stringsStart - 16) & ~15L;
        int auxWords = 2 * (auxv.entries().size() + 2 + 1);
        long tableWords = 1 + (argv.size() + 1) + (envp.size() + 1) + auxWords;
        long sp = (randomAt - tableWords * 8) & ~15L;
        if (top - sp > maxBytes) {
            throw new IllegalArgumentException(String.format("the arguments and environment need %d bytes of stack: "
                    + "more than %d", top - sp, maxBytes));
        }
        long[] addresses = new long[strings.size()];
        long at = stringsStart;
        for (int i = 0; i < strings.size(); i++) {
            addresses[i] = at;
            memory.write(at, strings.get(i));
            at += strings.get(i).length;
        }
        memory.write(top - 8, new byte[8]);
        memory.write(randomAt, random);
        long execfnAt = addresses[strings.size() - 1];
        ByteBuffer table = ByteBuffer.allocate((int) (tableWords * 8)).order(ByteOrder.LITTLE_ENDIAN);
        table.putLong(argv.size());
        for (int i = 0; i < argv.size(); i++) {
            table.putLong(addresses[i]);
        }
        table.putLong(0);
        for (int i = 0; i < envp.size(); i++) {
            table.putLong(addresses[argv.size() + i]);
        }
        table.putLong(0);
        for (AuxiliaryVector.Entry entry : auxv.entries()) {
            table.putLong(entry.type()).putLong(entry.value());
        }
        table.putLong(AuxiliaryVector.AT_RANDOM).putLong(randomAt);
        table.putLong(AuxiliaryVector.AT_EXECFN).putLong(execfnAt);
        table.putLong(AuxiliaryVector.AT_NULL).putLong(0);
        memory.write(sp, table.array());
        long argvAt = sp + 8;
        long envpAt = argvAt + 8L * (argv.size() + 1);
        long auxvAt = envpAt + 8L * (envp.size() + 1);
        return new Layout(sp, argvAt, envpAt, auxvAt, randomAt, execfnAt);
    }

    private static byte[] cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, withNul, 0, bytes.length);
        return withNul;
    }
}
