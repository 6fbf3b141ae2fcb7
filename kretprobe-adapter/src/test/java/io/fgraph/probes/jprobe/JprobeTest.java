package io.fgraph.probes.jprobe;

import io.fgraph.emulator.Machine;
import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.cpu.Hart;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.platform.BareMetalPlatform;
import io.fgraph.probes.Kprobes;
import io.fgraph.probes.fetch.FetchArg;
import io.fgraph.testsupport.GuestPrograms;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jprobe-style handlers: Java methods with the probed function's parameters, on the probes guest. */
class JprobeTest {
    /** struct item of guest/src/probes.c. */
    record Item(int id, short weight, @Field(offset = 6, bitWidth = 3) byte kind,
                @Field(offset = 6, bitOffset = 3, bitWidth = 1) boolean hot, long price, String label) {
    }

    /** The mirrors of the guest's functions. */
    public static final class Mirrors {
        final List<String> calls = new ArrayList<>();

        public void sum10(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9, long a10) {
            calls.add("sum10(" + a1 + ", " + a2 + ", " + a8 + ", " + a9 + ", " + a10 + ")");
        }

        public void greet(Hart hart, String who, int times) {
            calls.add("greet(\"" + who + "\", " + times + ") on hart " + hart.id());
        }

        public long value(Item item, int count) {
            calls.add("value(" + item + ", " + count + ")");
            return -1; // ignored
        }

        public void total(long vector, int n) {
            calls.add("total(0x" + Long.toHexString(vector) + ", " + n + ")");
        }
    }

    private ElfFile elf;
    private Machine machine;
    private Kprobes kprobes;

    private void boot() throws Exception {
        elf = ElfFile.parse(GuestPrograms.bytes("probes"));
        machine = BareMetalPlatform.boot(elf, MachineConfig.defaults()
                .withConsole(InputStream.nullInputStream(), new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        kprobes = Kprobes.install(machine, elf);
    }

    @Test
    void handlersSeeTheArgumentsTypedAsTheyDeclareThem() throws Exception {
        boot();
        Mirrors mirrors = new Mirrors();
        for (String function : List.of("sum10", "greet", "value", "total")) {
            kprobes.register(Jprobe.on(function, MethodHandles.lookup(), mirrors, function, elf.symbols()).kprobe());
        }
        assertEquals(0, machine.run().exitCode());
        long primes = elf.symbolAddress("primes").orElseThrow();
        assertEquals(List.of("sum10(1, 2, 8, 900, 1000)",
                "greet(\"probe\", 2) on hart 0",
                "value(Item[id=7, weight=-3, kind=5, hot=true, price=250, label=pen], 4)",
                "total(0x" + Long.toHexString(primes) + ", 5)"), mirrors.calls);
    }

    @Test
    void theFetchesAreTheTextFormsArguments() throws Exception {
        boot();
        Jprobe value = Jprobe.on("value", MethodHandles.lookup(), new Mirrors(), "value", elf.symbols());
        assertEquals(List.of("arg1.id=+0($arg1):s32", "arg1.weight=+4($arg1):s16", "arg1.kind=+6($arg1):b3@0/8",
                "arg1.hot=+6($arg1):b1@3/8", "arg1.price=+8($arg1):s64", "arg1.label=+0(+16($arg1)):string",
                "arg2=$arg2:s32"), value.arguments().stream().map(FetchArg::text).toList());
    }

    @Test
    void aMethodHandleCanBeGivenDirectly() throws Exception {
        boot();
        List<String> seen = new ArrayList<>();
        var handle = MethodHandles.lookup().findVirtual(List.class, "add", MethodType.methodType(boolean.class, Object.class))
                .bindTo(seen).asType(MethodType.methodType(boolean.class, String.class));
        kprobes.register(Jprobe.on("greet", handle, elf.symbols()).kprobe());
        assertEquals(0, machine.run().exitCode());
        assertEquals(List.of("probe"), seen);
    }

    @Test
    void unsupportedParametersAreRefusedAtRegistration() throws Exception {
        boot();
        var handle = MethodHandles.lookup().findStatic(Math.class, "abs", MethodType.methodType(double.class, double.class));
        String message = assertThrows(IllegalArgumentException.class, () -> Jprobe.on("sum10", handle, elf.symbols())).getMessage();
        assertEquals("arg1: type double is not supported: floating-point arguments travel in FP registers, "
                + "which a jprobe does not read", message);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Jprobe.on("sum10", MethodHandles.lookup(), new Mirrors(), "nosuch", elf.symbols()))
                .getMessage().endsWith("no such method"));
    }

    @Test
    void aThrowingHandlerIsIsolated() throws Exception {
        boot();
        Object bad = new Object() {
            @SuppressWarnings("unused")
            public void greet(String who) {
                throw new IllegalStateException("boom");
            }
        };
        Jprobe probe = Jprobe.on("greet", MethodHandles.lookup(), bad, "greet", elf.symbols());
        kprobes.register(probe.kprobe());
        assertEquals(0, machine.run().exitCode(), "the program runs on");
        assertEquals(1, kprobes.failures().size());
        assertTrue(kprobes.failures().get(0).toString().contains("boom"), kprobes.failures().toString());
        assertTrue(probe.kprobe().failed());
    }
}
