package io.fgraph.cli;

import io.fgraph.probes.KprobeStepMode;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code --probe} and {@code --kprobe-step}, shared by {@code run} and {@code record}. */
final class ProbeOptions {
    @Option(names = "--probe", paramLabel = "DEFINITION",
            description = {"Put a kprobe, in Linux's dynamic-event syntax: "
                    + "'p[:[GRP/]EVENT] SYMBOL[+OFFS]|ADDR [NAME=FETCHARG[:TYPE] ...]', e.g. "
                    + "'p:fib_n fib n=$arg1:s64'. FETCHARG: %REG, $argN, $stackN, $stack, @SYM[+|-OFFS], @ADDR, "
                    + "+|-OFFS(FETCHARG), \\IMM, $comm; TYPE: u8..u64, s8..s64, x8..x64 (default x64), char, "
                    + "string, symbol, symstr, b<width>@<offset>/<container>, TYPE[N]. Repeatable."})
    List<String> probes = new ArrayList<>();

    @Option(names = "--kprobe-step", paramLabel = "MODE",
            description = "How a probed instruction runs: out-of-line (default: a copy in a slot, no hit is ever "
                    + "missed) or in-place (restore, single-step, re-insert: other harts can run past the probe).")
    String step;

    boolean any() {
        return !probes.isEmpty();
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
