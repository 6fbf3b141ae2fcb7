package io.fgraph.cli;

import io.fgraph.probes.KprobeStepMode;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code --probe} and {@code --kprobe-step}, shared by {@code run} and {@code record}. */
final class ProbeOptions {
    @Option(names = "--probe", paramLabel = "DEFINITION",
            description = {"Put a probe, in Linux's dynamic-event syntax: a kprobe "
                    + "'p[:[GRP/]EVENT] SYMBOL[+OFFS]|ADDR [NAME=FETCHARG[:TYPE] ...]', e.g. "
                    + "'p:fib_n fib n=$arg1:s64'; a return probe 'r[MAXACTIVE][:[GRP/]EVENT] SYMBOL [...]' or "
                    + "'p[:...] SYMBOL%%return [...]' ($retval; $argN as at the entry); a function entry or exit "
                    + "'f[:[GRP/]EVENT] SYMBOL[%%return] [...]'. FETCHARG: %%REG, $argN, $stackN, $stack, $retval, @SYM[+|-OFFS], @ADDR, "
                    + "+|-OFFS(FETCHARG), \\IMM, $comm; TYPE: u8..u64, s8..s64, x8..x64 (default x64), char, "
                    + "string, symbol, symstr, b<width>@<offset>/<container>, TYPE[N]. Repeatable."})
    List<String> probes = new ArrayList<>();

    @Option(names = "--kprobe-step", paramLabel = "MODE",
            description = "How a probed instruction runs: out-of-line (default: a copy in a slot, no hit is ever "
                    + "missed) or in-place (restore, single-step, re-insert: other harts can run past the probe).")
    String step;

    @Option(names = "--kretprobe", paramLabel = "DESIGN",
            description = "How return probes (r, p ...%%return) are built: fgraph (default: one shared return hook, "
                    + "instance data in the shadow stack, no maxactive limit) or classic (an entry kprobe and a pool of "
                    + "MAXACTIVE instances per probe, each hijacking the return; a call finding the pool empty is missed). "
                    + "f ...%%return always uses fgraph.")
    String kretprobe;

    boolean any() {
        return !probes.isEmpty();
    }

    /** True for the classic design of return probes. */
    boolean classicKretprobes() {
        if (kretprobe == null || kretprobe.equals("fgraph")) {
            return false;
        }
        if (kretprobe.equals("classic")) {
            return true;
        }
        throw new UserError("--kretprobe=" + kretprobe + ": must be fgraph or classic");
    }

    KprobeStepMode mode() {
        if (step == null) {
            return KprobeStepMode.OUT_OF_LINE;
        }
        if (probes.isEmpty()) {
            throw new UserError("--kprobe-step needs --probe");
        }
        try {
            return KprobeStepMode.of(step);
        } catch (IllegalArgumentException e) {
            throw new UserError("--kprobe-step=" + step + ": must be out-of-line or in-place");
        }
    }
}
