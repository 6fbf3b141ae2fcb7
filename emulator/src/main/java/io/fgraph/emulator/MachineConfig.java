package io.fgraph.emulator;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * How to build a {@link Machine}. Immutable; start from {@link #defaults()} and use the withers.
 *
 * @param harts           number of harts, 1..64
 * @param ramBase         physical address of RAM
 * @param ramSize         RAM size in bytes (multiple of 4 KiB)
 * @param parallel        one host thread per hart instead of the deterministic interleaving
 * @param quantum         instructions a hart runs before the next hart's turn (deterministic mode)
 * @param maxInstructions stop after this many instructions in total (0 = no limit)
 * @param deliverFaults   deliver illegal-instruction, access-fault and breakpoint exceptions to the
 *                        guest's trap vector instead of stopping the run with a report
 * @param arguments       the guest's command line arguments (argv[1..])
 * @param lineBufferedConsole pass the guest's console output on after every line (for a terminal, or
 *                        a live trace on the same stream) instead of when the buffer fills; it is
 *                        also passed on before the guest reads stdin, at exit and at the end of the run
 * @param translation     the translating tier (see {@link TranslationConfig})
 */
public record MachineConfig(int harts, long ramBase, int ramSize, boolean parallel, int quantum,
                            long maxInstructions, boolean deliverFaults, List<String> arguments,
                            InputStream stdin, OutputStream stdout, OutputStream stderr, Path fileRoot,
                            long epochSeconds, boolean lineBufferedConsole,
                            TranslationConfig translation) {
    public static final long DEFAULT_RAM_BASE = 0x8000_0000L;
    public static final int DEFAULT_RAM_SIZE = 64 << 20;
    public static final int DEFAULT_QUANTUM = 1000;
    public static final int MAX_HARTS = 64;

    public MachineConfig {
        if (harts < 1 || harts > MAX_HARTS) {
            throw new IllegalArgumentException("harts=" + harts + ": must be 1.." + MAX_HARTS);
        }
        if (ramSize <= 0 || (ramSize & 0xFFF) != 0) {
            throw new IllegalArgumentException("ramSize=" + ramSize + ": must be a positive multiple of 4096");
        }
        if (quantum < 1) {
            throw new IllegalArgumentException("quantum=" + quantum + ": must be >= 1");
        }
        if (maxInstructions < 0) {
            throw new IllegalArgumentException("maxInstructions=" + maxInstructions + ": must be >= 0");
        }
        arguments = List.copyOf(arguments);
        if (translation == null) {
            throw new IllegalArgumentException("translation=null: must be given");
        }
    }

    public static MachineConfig defaults() {
        return new MachineConfig(1, DEFAULT_RAM_BASE, DEFAULT_RAM_SIZE, false, DEFAULT_QUANTUM, 0, false,
                List.of(), InputStream.nullInputStream(), System.out, System.err, Path.of("."), 0, false,
                TranslationConfig.defaults());
    }

    public MachineConfig withHarts(int n) {
        return new MachineConfig(n, ramBase, ramSize, parallel, quantum, maxInstructions, deliverFaults, arguments,
                stdin, stdout, stderr, fileRoot, epochSeconds, lineBufferedConsole, translation);
    }

    public MachineConfig withRamSize(int size) {
        return new MachineConfig(harts, ramBase, size, parallel, quantum, maxInstructions, deliverFaults, arguments,
                stdin, stdout, stderr, fileRoot, epochSeconds, lineBufferedConsole, translation);
    }

    public MachineConfig withParallel(boolean p) {
        return new MachineConfig(harts, ramBase, ramSize, p, quantum, maxInstructions, deliverFaults, arguments,
                stdin, stdout, stderr, fileRoot, epochSeconds, lineBufferedConsole, translation);
    }

    public MachineConfig withQuantum(int q) {
        return new MachineConfig(harts, ramBase, ramSize, parallel, q, maxInstructions, deliverFaults, arguments,
                stdin, stdout, stderr, fileRoot, epochSeconds, lineBufferedConsole, translation);
    }

    public MachineConfig withMaxInstructions(long max) {
        return new MachineConfig(harts, ramBase, ramSize, parallel, quantum, max, deliverFaults, arguments,
                stdin, stdout, stderr, fileRoot, epochSeconds, lineBufferedConsole, translation);
    }

    public MachineConfig withDeliverFaults(boolean deliver) {
        return new MachineConfig(harts, ramBase, ramSize, parallel, quantum, maxInstructions, deliver, arguments,
                stdin, stdout, stderr, fileRoot, epochSeconds, lineBufferedConsole, translation);
    }

    public MachineConfig withArguments(List<String> args) {
        return new MachineConfig(harts, ramBase, ramSize, parallel, quantum, maxInstructions, deliverFaults, args,
                stdin, stdout, stderr, fileRoot, epochSeconds, lineBufferedConsole, translation);
    }

    public MachineConfig withConsole(InputStream in, OutputStream out, OutputStream err) {
        return new MachineConfig(harts, ramBase, ramSize, parallel, quantum, maxInstructions, deliverFaults, arguments,
                in, out, err, fileRoot, epochSeconds, lineBufferedConsole, translation);
    }

    public MachineConfig withFileRoot(Path root) {
        return new MachineConfig(harts, ramBase, ramSize, parallel, quantum, maxInstructions, deliverFaults, arguments,
                stdin, stdout, stderr, root, epochSeconds, lineBufferedConsole, translation);
    }

    public MachineConfig withLineBufferedConsole(boolean lineBuffered) {
        return new MachineConfig(harts, ramBase, ramSize, parallel, quantum, maxInstructions, deliverFaults, arguments,
                stdin, stdout, stderr, fileRoot, epochSeconds, lineBuffered, translation);
    }

    public MachineConfig withTranslation(TranslationConfig t) {
        return new MachineConfig(harts, ramBase, ramSize, parallel, quantum, maxInstructions, deliverFaults, arguments,
                stdin, stdout, stderr, fileRoot, epochSeconds, lineBufferedConsole, t);
    }
}
