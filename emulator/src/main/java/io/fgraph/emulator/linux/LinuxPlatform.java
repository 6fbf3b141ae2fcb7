package io.fgraph.emulator.linux;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.cpu.HartContext;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.elf.LoadSegment;
import io.fgraph.emulator.elf.TargetSystem;
import io.fgraph.emulator.linux.fs.Console;
import io.fgraph.emulator.linux.fs.GuestRoot;
import io.fgraph.emulator.memory.Memory;
import io.fgraph.emulator.memory.PagedMemory;
import io.fgraph.emulator.platform.ProgramLoadException;
import io.fgraph.emulator.task.TaskScheduler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Linux user-mode platform: runs a static Linux RV64GC program (glibc's, built with
 * {@code riscv64-linux-gnu-gcc -static}) as {@code qemu-riscv64} does: the process's address
 * space ({@link AddressSpace}), the initial stack ({@link InitialStack}), the system calls
 * ({@link SystemCallDispatcher}), files confined to a root directory ({@link GuestRoot}), and
 * threads as tasks on the harts ({@link TaskScheduler}).
 */
public final class LinuxPlatform {
    /** Thread ids stay below 65536, where tracers number their own tasks (coroutine fibers). */
    public static final int MAX_TID = 65535;
    /** Most bytes the arguments, environment and auxiliary vector may take on the initial stack. */
    public static final long MAX_ARGUMENT_BYTES = 2L << 20;

    private LinuxPlatform() {
    }

    /** Builds a machine, loads {@code elf} into a new process and makes its main thread ready. */
    public static Machine boot(ElfFile elf, MachineConfig config, LinuxConfig linux) throws ProgramLoadException {
        TargetSystem target = elf.targetSystem();
        if (target.kind() != TargetSystem.Kind.LINUX) {
            throw new ProgramLoadException(target.describe() + ": the Linux platform runs only Linux programs");
        }
        ElfFile.ProgramHeaders headers = elf.programHeaders();
        if (!headers.interpreter().isEmpty()) {
            throw new ProgramLoadException("a dynamically linked program (it asks for the dynamic linker "
                    + headers.interpreter() + "): only static programs run; build it with -static");
        }
        if (headers.positionIndependent()) {
            throw new ProgramLoadException("a position-independent executable (ET_DYN): only static programs linked "
                    + "at their address run (ET_EXEC); build it with -static, without -static-pie");
        }
        GuestRoot root;
        try {
            root = new GuestRoot(linux.root());
        } catch (IOException e) {
            throw new ProgramLoadException("root=" + linux.root() + ": " + reason(e));
        }
        PagedMemory memory = new PagedMemory(config.ramSize());
        Machine machine = new Machine(config, memory);
        AddressSpace space = new AddressSpace(memory);
        long end = loadSegments(elf, memory, space);
        space.setBrkStart(end);
        space.map(AddressSpace.TOOL_TEXT_START, AddressSpace.TOOL_TEXT_END, PagedMemory.PROT_READ | PagedMemory.PROT_EXEC);
        machine.setToolText(AddressSpace.TOOL_TEXT_START, AddressSpace.TOOL_TEXT_END);
        space.map(AddressSpace.STACK_GUARD, AddressSpace.STACK_BOTTOM, PagedMemory.PROT_NONE);
        space.map(AddressSpace.STACK_BOTTOM, AddressSpace.STACK_TOP, PagedMemory.PROT_READ | PagedMemory.PROT_WRITE);

        TaskScheduler scheduler = new TaskScheduler(machine);
        LinuxProcess process = new LinuxProcess(machine, config, linux, memory, space, scheduler, root);
        boolean terminal = linux.terminal();
        process.files().put(0, new Console.Input(config.stdin(), terminal), false);
        process.files().put(1, new Console.Output(config.stdout(), terminal, "standard output"), false);
        process.files().put(2, new Console.Output(config.stderr(), terminal, "standard error"), false);

        List<String> argv = new ArrayList<>();
        argv.add(linux.programName());
        argv.addAll(config.arguments());
        byte[] random = new byte[16];
        process.randomBytes(random);
        AuxiliaryVector auxv = new AuxiliaryVector()
                .add(AuxiliaryVector.AT_PHDR, headers.address())
                .add(AuxiliaryVector.AT_PHENT, ElfFile.ProgramHeaders.ENTRY_SIZE)
                .add(AuxiliaryVector.AT_PHNUM, headers.count())
                .add(AuxiliaryVector.AT_PAGESZ, Memory.PAGE_SIZE)
                .add(AuxiliaryVector.AT_BASE, 0)
                .add(AuxiliaryVector.AT_FLAGS, 0)
                .add(AuxiliaryVector.AT_ENTRY, elf.entry())
                .add(AuxiliaryVector.AT_UID, LinuxProcess.UID)
                .add(AuxiliaryVector.AT_EUID, LinuxProcess.UID)
                .add(AuxiliaryVector.AT_GID, LinuxProcess.GID)
                .add(AuxiliaryVector.AT_EGID, LinuxProcess.GID)
                .add(AuxiliaryVector.AT_HWCAP, AuxiliaryVector.HWCAP_RV64GC)
                .add(AuxiliaryVector.AT_CLKTCK, AuxiliaryVector.CLOCK_TICKS)
                .add(AuxiliaryVector.AT_SECURE, 0);
        InitialStack.Layout layout;
        try {
            layout = InitialStack.write(memory, AddressSpace.STACK_TOP, argv, linux.environment(), linux.programName(),
                    random, auxv, MAX_ARGUMENT_BYTES);
        } catch (IllegalArgumentException e) {
            throw new ProgramLoadException(e.getMessage());
        }

        SystemCallTable table = new SystemCallTable();
        UserMemory user = process.user();
        new FileCalls(process, user).register(table);
        new PathCalls(process, user).register(table);
        new MemoryCalls(process).register(table);
        new ProcessCalls(process, user).register(table);
        new TimeCalls(process, user).register(table);
        process.signals().register(table);
        new ThreadCalls(process, user).register(table);
        machine.hooks().addExceptionInterceptor(new SystemCallDispatcher(process, table));
        machine.setFaultHandler(new LinuxFaults(process));
        machine.setScheduler(scheduler);
        machine.setSymbolizer(elf.symbols()::describe);
        machine.setPlatform(process);

        for (int i = 0; i < machine.hartCount(); i++) {
            Hart hart = machine.hart(i);
            hart.reset(elf.entry());
            hart.allowUserCounters();
        }
        HartContext main = new HartContext();
        main.setPc(elf.entry());
        main.setX(Hart.SP, layout.stackPointer());
        main.enableFloatingPoint();
        process.startMainThread(main);
        return machine;
    }

    /** Maps the PT_LOAD segments at their addresses with their permissions; returns the end of the last. */
    private static long loadSegments(ElfFile elf, PagedMemory memory, AddressSpace space) throws ProgramLoadException {
        List<LoadSegment> segments = elf.loadSegments();
        long end = 0;
        for (int i = 0; i < segments.size(); i++) {
            LoadSegment segment = segments.get(i);
            if (segment.memorySize() == 0) {
                continue;
            }
            long start = segment.virtualAddress();
            long segmentEnd = start + segment.memorySize();
            if (Long.compareUnsigned(start, AddressSpace.NULL_GUARD_END) < 0
                    || Long.compareUnsigned(segmentEnd, AddressSpace.TOOL_TEXT_START) > 0) {
                throw new ProgramLoadException(String.format("segment %d [0x%x, 0x%x) lies outside the program area "
                        + "[0x%x, 0x%x) of the Linux address space", i, start, segmentEnd, AddressSpace.NULL_GUARD_END,
                        AddressSpace.TOOL_TEXT_START));
            }
            int prot = (segment.readable() ? PagedMemory.PROT_READ : 0) | (segment.writable() ? PagedMemory.PROT_WRITE : 0)
                    | (segment.executable() ? PagedMemory.PROT_EXEC : 0);
            for (long page = AddressSpace.pageDown(start); page < AddressSpace.pageUp(segmentEnd); page += Memory.PAGE_SIZE) {
                int existing = memory.protection(page);
                if (existing < 0) {
                    space.map(page, page + Memory.PAGE_SIZE, prot);
                } else {
                    memory.protect(page, Memory.PAGE_SIZE, existing | prot); // a page two segments share
                }
            }
            memory.write(start, segment.fileBytes());
            memory.zero(start + segment.fileSize(), segment.memorySize() - segment.fileSize());
            end = Math.max(end, segmentEnd);
        }
        if (end == 0) {
            throw new ProgramLoadException("the program has no PT_LOAD segment to load");
        }
        if (memory.codePage(elf.entry()) < 0) {
            throw new ProgramLoadException(String.format("entry point 0x%x is not in an executable segment", elf.entry()));
        }
        return end;
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
