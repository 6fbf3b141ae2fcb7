package io.fgraph.emulator.linux;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.RunResult;
import io.fgraph.emulator.cpu.Asm;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.ElfImageBuilder;
import io.fgraph.emulator.elf.LoadSegment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A hand-assembled Linux program for system call tests: text at {@link #TEXT}, a 4 KiB data page
 * at {@link #DATA} (s1 points to it), each {@link #call} puts a0..a5 and a7, runs {@code ecall}
 * and stores a0 in the next result slot of the data page. The program ends with exit_group(0).
 */
final class SyscallProgram {
    static final long TEXT = 0x10000;
    static final long DATA = 0x20000;
    static final int DATA_SIZE = 0x1000;
    /** Results start here in the data page; below is scratch space for the calls' buffers. */
    static final long RESULTS = DATA + 0x400;

    final Asm asm = new Asm(TEXT);
    private int slot;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strace = new ByteArrayOutputStream();
    Machine machine;
    RunResult result;

    SyscallProgram() {
        asm.li(Asm.S1, DATA);
    }

    /** Emits a system call; returns the slot of its result. */
    int call(int number, long... arguments) {
        for (int i = 0; i < arguments.length; i++) {
            asm.li(Asm.A0 + i, arguments[i]);
        }
        asm.li(Asm.A7, number);
        asm.ecall();
        return store();
    }

    /** Stores a0 in the next result slot; returns the slot. */
    int store() {
        asm.sd(Asm.A0, (int) (RESULTS - DATA) + 8 * slot, Asm.S1);
        return slot++;
    }

    SyscallProgram code(Consumer<Asm> body) {
        body.accept(asm);
        return this;
    }

    RunResult run(Path dir) {
        return run(dir, c -> c);
    }

    RunResult run(Path dir, UnaryOperator<MachineConfig> config) {
        asm.li(Asm.A0, 0).li(Asm.A7, 94).ecall();
        byte[] text = asm.bytes();
        byte[] image = new ElfImageBuilder()
                .segment(TEXT, TEXT, text, text.length, LoadSegment.PF_R | LoadSegment.PF_X)
                .segment(DATA, DATA, new byte[0], DATA_SIZE, LoadSegment.PF_R | LoadSegment.PF_W)
                .symbol("main", TEXT, text.length, ElfImageBuilder.STT_FUNC)
                .entry(TEXT).osAbi(3).build().bytes();
        try {
            Path program = dir.resolve("program.elf");
            Files.write(program, image);
            MachineConfig machineConfig = config.apply(MachineConfig.defaults().withRamSize(8 << 20)
                    .withConsole(new ByteArrayInputStream(new byte[0]), out, err));
            machine = LinuxPlatform.boot(ElfFile.parse(image), machineConfig, LinuxConfig.of(program).withRoot(dir)
                    .withStrace(new PrintStream(strace, true, StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        result = machine.run();
        return result;
    }

    /** The a0 a call returned. */
    long result(int slot) {
        return machine.memory().load64(RESULTS + 8L * slot);
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    String strace() {
        return strace.toString(StandardCharsets.UTF_8);
    }
}
