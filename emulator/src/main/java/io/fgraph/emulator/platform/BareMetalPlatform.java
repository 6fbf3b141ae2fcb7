package io.fgraph.emulator.platform;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.HartState;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.LoadSegment;
import io.fgraph.emulator.elf.TargetSystem;
import io.fgraph.emulator.memory.FlatMemory;
import io.fgraph.emulator.memory.Memory;

import java.util.List;
import java.util.OptionalLong;

/**
 * The bare-metal platform: flat RAM at {@link MachineConfig#DEFAULT_RAM_BASE}, program segments
 * loaded at their physical addresses (picolibc's startup copies {@code .data} from its load
 * address), hart 0 starting at the ELF entry with the stack pointer just below the RAM kept at the
 * top for tracers' own text (see {@link #toolTextStart}), the other
 * harts parked until started through the hart start convention, semihosting for I/O, and the
 * {@code tohost} exit protocol of the RISC-V ISA tests when the program has that symbol.
 */
public final class BareMetalPlatform {
    private BareMetalPlatform() {
    }

    /** Builds a machine, loads {@code elf} into it and prepares hart 0 to run. */
    public static Machine boot(ElfFile elf, MachineConfig config) throws ProgramLoadException {
        TargetSystem target = elf.targetSystem();
        if (target.kind() != TargetSystem.Kind.BARE_METAL) {
            // There is no Linux platform yet: a Linux program's segments, stack and system calls
            // (ecall) mean nothing here, so say what it is rather than fail on its memory map.
            throw new ProgramLoadException(target.describe()
                    + ": the bare-metal platform runs only bare-metal programs (e.g. picolibc with semihosting)");
        }
        OptionalLong tohost = elf.symbolAddress("tohost");
        if (tohost.isPresent()) {
            // ISA-test style programs handle their own traps.
            config = config.withDeliverFaults(true);
        }
        String commandLine = GuestCommandLine.encode(config.arguments());
        FlatMemory memory = new FlatMemory(config.ramBase(), config.ramSize());
        Machine machine = new Machine(config, memory);
        List<LoadSegment> segments = elf.loadSegments();
        for (int i = 0; i < segments.size(); i++) {
            load(memory, segments.get(i), i);
        }
        long stackTop = toolTextStart(memory) & ~15L;
        machine.setToolText(toolTextStart(memory), memory.end());
        for (int i = 0; i < machine.hartCount(); i++) {
            Hart hart = machine.hart(i);
            hart.reset(elf.entry());
            hart.setX(Hart.SP, stackTop);
            hart.setState(i == 0 ? HartState.RUNNING : HartState.PARKED);
        }
        if (!memory.contains(elf.entry(), 2)) {
            throw new ProgramLoadException(String.format("entry point 0x%x is outside RAM [0x%x, 0x%x)",
                    elf.entry(), memory.base(), memory.end()));
        }
        if (tohost.isPresent()) {
            if (!memory.contains(tohost.getAsLong(), 8)) {
                throw new ProgramLoadException(String.format("tohost symbol 0x%x is outside RAM", tohost.getAsLong()));
            }
            machine.setToHostAddress(tohost.getAsLong());
        }
        machine.setSymbolizer(elf.symbols()::describe);
        machine.setSemihosting(new Semihosting(memory, machine, config.fileRoot(), config.stdin(), config.stdout(),
                config.stderr(), config.lineBufferedConsole(), commandLine, config.epochSeconds()));
        return machine;
    }

    /** The most RAM kept at its top for tracers (trampolines and out-of-line slots). */
    public static final int MAX_RESERVED_BYTES = 1 << 20;

    /**
     * Start of the RAM the platform keeps at its top, out of the initial stack, for tracers' own
     * text ({@link Machine#setToolText}): its first page holds trampolines (fgraph's return
     * trampoline), the rest the out-of-line slots of displaced instructions. 1 MiB, or an eighth
     * of a smaller RAM (two pages at least).
     */
    public static long toolTextStart(FlatMemory memory) {
        long size = Math.max(2L * Memory.PAGE_SIZE,
                Math.min(MAX_RESERVED_BYTES, (memory.size() / 8) & ~Memory.PAGE_OFFSET_MASK));
        return memory.end() - size;
    }

    private static void load(FlatMemory memory, LoadSegment segment, int index) throws ProgramLoadException {
        long address = segment.physicalAddress();
        long size = segment.memorySize();
        if (size == 0) {
            return;
        }
        if (!memory.contains(address, size)) {
            boolean aboveBase = Long.compareUnsigned(address, memory.base()) >= 0;
            throw new ProgramLoadException(String.format(
                    "segment %d [0x%x, 0x%x) lies outside RAM [0x%x, 0x%x): %s",
                    index, address, address + size, memory.base(), memory.end(),
                    aboveBase ? "the program needs more RAM (ramSize=" + memory.size() + ")"
                            : "the program was linked for another memory map"), aboveBase);
        }
        memory.zero(address, size);
        memory.write(address, segment.fileBytes());
    }
}
