package io.fgraph.probes.event;

import io.fgraph.emulator.MachineConfig;
import io.fgraph.emulator.Machine;
import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.emulator.platform.BareMetalPlatform;
import io.fgraph.probes.Kprobes;
import io.fgraph.testsupport.GuestPrograms;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Probe events on the probes guest, whose functions take each kind of argument the psABI passes:
 * what each fetch argument reads, printed as ftrace prints a kprobe event.
 */
class ProbeEventTest {
    private static final ElfFile PROBES = elf();

    private static ElfFile elf() {
        try {
            return ElfFile.parse(GuestPrograms.bytes("probes"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code function+0x0/0xSIZE}: as the hit line names a function's entry. */
    static String at(String function, int offset) {
        return String.format("%s+0x%x/0x%x", function, offset, PROBES.symbols().byName(function).orElseThrow().size());
    }

    /** Runs the probes guest with these definitions; returns the hit lines, without the "COMM-TASK [CPU] TIME: " prefix. */
    static List<String> hits(String... definitions) throws Exception {
        ElfFile elf = ElfFile.parse(GuestPrograms.bytes("probes"));
        Machine machine = BareMetalPlatform.boot(elf, MachineConfig.defaults()
                .withConsole(InputStream.nullInputStream(), new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        Kprobes kprobes = Kprobes.install(machine, elf);
        HitLineFormat format = new HitLineFormat(elf.symbols(), "probes");
        List<String> lines = new ArrayList<>();
        int id = 0;
        for (String definition : definitions) {
            ProbeEvent event = new ProbeEvent(id++, ProbeDefinition.parse(definition, elf.symbols(), "probes"),
                    hit -> lines.add(format.format(hit)));
            kprobes.register(event.kprobe());
        }
        assertEquals(0, machine.run().exitCode());
        List<String> bodies = new ArrayList<>();
        for (String line : lines) {
            assertTrue(line.matches(" {10}probes-0       \\[000\\] +\\d+\\.\\d{6}: .*"), line);
            bodies.add(line.substring(line.indexOf(": ") + 2));
        }
        return bodies;
    }

    @Test
    void argumentsInRegistersThenOnTheStack() throws Exception {
        assertEquals(List.of("sums: (" + at("sum10", 0) + ") a=0x1 b=2 h=8 i=900 j=0x3e8"),
                hits("p:sums sum10 a=$arg1 b=$arg2:s32 h=$arg8:u8 i=$arg9:u64 j=$arg10"));
    }

    @Test
    void stringsAndChars() throws Exception {
        assertEquals(List.of("p_greet_0: (" + at("greet", 0) + ") who=\"probe\" times=2 same=\"probe\" c='p' t=\"hi there\" comm=\"probes\""),
                hits("p greet who=$arg1:string times=$arg2:s32 same=+0($arg1):string c=+0($arg1):char t=\\\"hi there\" comm=$comm"));
    }

    @Test
    void structFieldsByOffsetBitfieldsAndPointers() throws Exception {
        assertEquals(List.of("p_value_0: (" + at("value", 0) + ") id=7 weight=-3 kind=5 hot=1 price=250 label=\"pen\" count=4"),
                hits("p value id=+0($arg1):s32 weight=+4($arg1):s16 kind=+6($arg1):b3@0/8 hot=+6($arg1):b1@3/8 "
                        + "price=+8($arg1):u64 label=+0(+16($arg1)):string count=$arg2:u32"));
    }

    @Test
    void globalsArraysSymbolsAndFaults() throws Exception {
        List<String> lines = hits("p total v=+0($arg1):s32[5] p=$arg1:symbol s=$arg1:symstr first=@primes:s32 "
                + "calls=@calls:s64 k=\\42:s32 bad=+0(\\16):u64 bads=\\16:string");
        assertEquals(List.of("p_total_0: (" + at("total", 0) + ") v={2,3,5,7,11} p=primes+0x0/0x14 s=\"primes+0x0/0x14\" first=2 "
                + "calls=3 k=42 bad=(fault) bads=(fault)"), lines);
    }

    @Test
    void registersAndTheStack() throws Exception {
        List<String> lines = hits("p value+0x8 sp=$stack top=$stack0 s0=%s0 same=+0(%sp):x64 ra=%ra:symbol");
        String line = lines.get(0);
        assertTrue(line.startsWith("p_value_8: (" + at("value", 8) + ") sp=0x"), line);
        String[] fields = line.split(" ");
        assertEquals(fields[3].substring(4), fields[5].substring(5), "$stack0 is the word at sp: " + line);
        assertTrue(fields[6].startsWith("ra=main+0x"), line);
    }
}
