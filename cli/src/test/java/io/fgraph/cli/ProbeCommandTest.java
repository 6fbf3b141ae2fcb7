package io.fgraph.cli;

import io.fgraph.emulator.elf.ElfFile;
import io.fgraph.testsupport.GuestPrograms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fgraph run --probe}: hit lines as ftrace prints kprobe events, the summary at exit, one-line errors. */
class ProbeCommandTest {
    /** {@code COMM-TASK [CPU] SECONDS.MICROS: BODY}, ftrace's event line. */
    private static final Pattern HIT = Pattern.compile(" *(\\S+)-(\\d+) +\\[(\\d{3})\\] +(\\d+)\\.(\\d{6}): (.*)");

    @TempDir
    Path dir;

    private static String size(String guest, String function) throws Exception {
        return "0x" + Long.toHexString(ElfFile.parse(GuestPrograms.bytes(guest)).symbols().byName(function).orElseThrow().size());
    }

    private static List<String> bodies(String stdout) {
        return stdout.lines().map(HIT::matcher).filter(Matcher::matches).map(m -> m.group(6)).toList();
    }

    @Test
    void hitsArePrintedAsFtraceEventsAndCountedAtExit() throws Exception {
        Cli.Outcome run = Cli.run("run", "--probe", "p:cee c x=$arg1:s32", Cli.guest(dir, "chain").toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals(List.of("cee: (c+0x0/" + size("chain", "c") + ") x=12"), bodies(run.stdout()));
        Matcher line = HIT.matcher(run.stdout().lines().findFirst().orElseThrow());
        assertTrue(line.matches(), run.stdout());
        assertEquals("chain", line.group(1));
        assertEquals("0", line.group(2));
        assertEquals("000", line.group(3));
        assertTrue(run.stdout().endsWith("a(5) = 66\nfails() = -22\nsum8(1, 2, 3, 4, 5, 6, 7, 8) = 36\n"), run.toString());
        assertEquals("probe cee: 1 hits, 0 missed\n", run.stderr());
    }

    @Test
    void fetchArgumentsOfEveryKind() throws Exception {
        Cli.Outcome run = Cli.run("run", "--probe", "p greet who=$arg1:string n=$arg2:s32 first=+0($arg1):char",
                "--probe", "p:items value price=+8($arg1):u64 label=+0(+16($arg1)):string kind=+6($arg1):b3@0/8",
                "--probe", "p:ten sum10 nine=$arg9:s64 ten=$arg10:s64",
                Cli.guest(dir, "probes").toString());
        assertEquals(0, run.exitStatus(), run.toString());
        assertEquals(List.of("ten: (sum10+0x0/" + size("probes", "sum10") + ") nine=900 ten=1000",
                "p_greet_0: (greet+0x0/" + size("probes", "greet") + ") who=\"probe\" n=2 first='p'",
                "items: (value+0x0/" + size("probes", "value") + ") price=250 label=\"pen\" kind=5"), bodies(run.stdout()));
        assertEquals("probe p_greet_0: 1 hits, 0 missed\nprobe items: 1 hits, 0 missed\nprobe ten: 1 hits, 0 missed\n",
                run.stderr());
    }

    @Test
    void withTheLiveGraphHitsComeInOrder() {
        Cli.Outcome run = Cli.run("run", "--trace", "function_graph", "-F", "main", "--probe", "p:inside c+0xc",
                Cli.guest(dir, "chain").toString());
        assertEquals(0, run.exitStatus(), run.toString());
        List<String> lines = run.stdout().lines().toList();
        int hit = lines.indexOf(lines.stream().filter(l -> l.contains("inside: (c+0xc/")).findFirst().orElseThrow());
        assertTrue(lines.get(hit - 1).endsWith("c() {"), "the call the hit is in is open: " + run.stdout());
        assertTrue(lines.get(hit + 1).contains("} /* c = 0x25 */"), run.stdout());
        assertTrue(run.stderr().contains("probe inside: 1 hits, 0 missed"), run.stderr());
    }

    @Test
    void returnProbesShowTheReturnValueAndTheEntrysArguments() throws Exception {
        String chain = Cli.guest(dir, "chain").toString();
        for (String design : List.of("fgraph", "classic")) {
            Cli.Outcome run = Cli.run("run", "--kretprobe=" + design, "--probe", "r:cret c x=$arg1:s32 ret=$retval:s32",
                    "--probe", "p:bret b%return ret=$retval:s32", chain);
            assertEquals(0, run.exitStatus(), run.toString());
            // c(12) = 37 returns into b; b(10) = 33 returns into a: the caller's place, then the function
            List<String> bodies = bodies(run.stdout());
            assertEquals(2, bodies.size(), run.stdout());
            assertTrue(bodies.get(0).matches("cret: \\(b\\+0x[0-9a-f]+/" + size("chain", "b") + " <- c\\) x=12 ret=37"), bodies.toString());
            assertTrue(bodies.get(1).matches("bret: \\(a\\+0x[0-9a-f]+/" + size("chain", "a") + " <- b\\) ret=33"), bodies.toString());
            assertEquals("probe cret: 1 hits, 0 missed\nprobe bret: 1 hits, 0 missed\n", run.stderr(), design);
        }
    }

    @Test
    void maxactiveBoundsOnlyTheClassicDesign() {
        String fib = Cli.guest(dir, "fib").toString();
        Cli.Outcome classic = Cli.run("run", "--kretprobe=classic", "--probe", "r3:deep fib", fib, "10");
        assertEquals(0, classic.exitStatus(), classic.toString());
        Matcher counts = Pattern.compile("probe deep: (\\d+) hits, (\\d+) missed").matcher(classic.stderr());
        assertTrue(counts.find(), classic.stderr());
        assertEquals(177, Integer.parseInt(counts.group(1)) + Integer.parseInt(counts.group(2)), "fib(10) makes 177 calls");
        assertTrue(Integer.parseInt(counts.group(2)) > 0, classic.stderr());
        Cli.Outcome fgraph = Cli.run("run", "--probe", "r3:deep fib", fib, "10");
        assertTrue(fgraph.stderr().contains("probe deep: 177 hits, 0 missed"), fgraph.stderr());
    }

    @Test
    void fprobesGiveTheEntryAndTheExit() {
        Cli.Outcome run = Cli.run("run", "--probe", "f c x=$arg1:s32", "--probe", "f c%return ret=$retval:s32 x=$arg1:s32",
                Cli.guest(dir, "chain").toString());
        assertEquals(0, run.exitStatus(), run.toString());
        List<String> bodies = bodies(run.stdout());
        assertEquals(2, bodies.size(), run.stdout());
        assertTrue(bodies.get(0).startsWith("c__entry: (c+0x0/") && bodies.get(0).endsWith(") x=12"), bodies.toString());
        assertTrue(bodies.get(1).startsWith("c__exit: (b+0x") && bodies.get(1).endsWith(" <- c) ret=37 x=12"), bodies.toString());
    }

    /** {@code work+0xN}: the amoadd.d of multihart's work() loop, run once per iteration. */
    private static String amoadd() throws Exception {
        ElfFile elf = ElfFile.parse(GuestPrograms.bytes("multihart"));
        io.fgraph.emulator.Machine machine = io.fgraph.emulator.platform.BareMetalPlatform.boot(elf,
                io.fgraph.emulator.MachineConfig.defaults());
        io.fgraph.emulator.elf.Symbol work = elf.symbols().byName("work").orElseThrow();
        for (long at = work.address(); at < work.end(); ) {
            io.fgraph.emulator.insn.Instruction insn = io.fgraph.emulator.insn.Instruction.at(machine.memory(), at);
            if (insn.op() == io.fgraph.emulator.cpu.Op.ATOMIC) {
                return "work+0x" + Long.toHexString(at - work.address());
            }
            at = insn.next();
        }
        throw new AssertionError("no amoadd in work");
    }

    @Test
    void inPlaceStepsMissHitsOnSeveralHarts() throws Exception {
        String multihart = Cli.guest(dir, "multihart").toString();
        String loop = "p:loop " + amoadd();
        Cli.Outcome outOfLine = Cli.run("run", "--harts", "4", "--probe", loop, multihart, "100");
        assertEquals(0, outOfLine.exitStatus(), outOfLine.toString());
        assertTrue(outOfLine.stderr().contains("probe loop: 1600 hits, 0 missed"), outOfLine.stderr());
        Cli.Outcome inPlace = Cli.run("run", "--harts", "4", "--kprobe-step=in-place", "--probe", loop, multihart, "100");
        assertEquals(0, inPlace.exitStatus(), inPlace.toString());
        Matcher hits = Pattern.compile("probe loop: (\\d+) hits, 0 missed").matcher(inPlace.stderr());
        assertTrue(hits.find(), inPlace.stderr());
        assertTrue(Integer.parseInt(hits.group(1)) < 1600, inPlace.stderr());
    }

    private Path chain;

    private Cli.Outcome refused(String... probeArgs) {
        if (chain == null) {
            chain = Cli.guest(dir, "chain");
        }
        String[] args = new String[probeArgs.length + 2];
        args[0] = "run";
        System.arraycopy(probeArgs, 0, args, 1, probeArgs.length);
        args[args.length - 1] = chain.toString();
        Cli.Outcome run = Cli.run(args);
        assertEquals(2, run.exitStatus(), run.toString());
        assertEquals("", run.stdout(), "nothing ran");
        assertEquals(1, run.stderr().lines().count(), "one line: " + run.stderr());
        return run;
    }

    @Test
    void badDefinitionsAreOneLineErrors() {
        assertEquals("fgraph: --probe 'p c x=%zz': unknown register 'zz' (RISC-V ABI names: zero, ra, sp, gp, tp, "
                + "t0-t6, s0-s11, fp, a0-a7; or x0-x31, pc) (at position 8)\n", refused("--probe", "p c x=%zz").stderr());
        assertEquals("fgraph: --probe 'p mian': mian: no such symbol in the program (did you mean main?)\n",
                refused("--probe", "p mian").stderr());
        assertTrue(refused("--probe", "p c+0xe").stderr().startsWith("fgraph: --probe 'p c+0xe': c+0xe: inside the 4-byte instruction"));
        assertTrue(refused("--probe", "p sys_semihost+4").stderr().contains("cannot be displaced: the ebreak of a semihosting call"));
        assertEquals("fgraph: --probe 'p:x a': event kprobes/x is already defined by 'p:x c'\n",
                refused("--probe", "p:x c", "--probe", "p:x a").stderr());
        assertEquals("fgraph: --probe 'r c+4': a return probe goes at a function's entry: c+4 is not one "
                + "(at position 3)\n", refused("--probe", "r c+4").stderr());
        assertEquals("fgraph: --probe 'r c x=$arg1:s32 r=$retval:sx': unknown type 'sx' (u8..u64, s8..s64, x8..x64, char, "
                + "string, ustring, symbol, symstr, b<width>@<offset>/<container>, TYPE[N]) (at position 27)\n",
                refused("--probe", "r c x=$arg1:s32 r=$retval:sx").stderr());
        assertEquals("fgraph: --kretprobe=new: must be fgraph or classic\n", refused("--kretprobe=new", "--probe", "r c").stderr());
        assertEquals("fgraph: --kprobe-step needs --probe\n", refused("--kprobe-step=in-place").stderr());
        assertEquals("fgraph: --kprobe-step=sideways: must be out-of-line or in-place\n",
                refused("--kprobe-step=sideways", "--probe", "p c").stderr());
    }
}
