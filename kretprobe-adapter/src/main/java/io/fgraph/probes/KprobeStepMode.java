package io.fgraph.probes;

/**
 * How a probed instruction runs after its pre-handlers, chosen per machine.
 * <ul>
 *   <li>{@link #OUT_OF_LINE} (the default): the instruction is simulated ({@code auipc}, jumps,
 *       branches) or a copy runs in a slot of the machine's out-of-line area, so the breakpoint
 *       never leaves the text and no hart can run past it (seed 001's fix).</li>
 *   <li>{@link #IN_PLACE}: the original instruction is written back, single-stepped where it is,
 *       and the breakpoint re-inserted, as the first user-space probes did. Restoring and stepping
 *       are two trap entries on real hardware: the hart's time slice ends between them and the
 *       other harts run, and any of them that reaches the instruction meanwhile sails past the
 *       probe. Hits are missed, and nothing can count them.</li>
 * </ul>
 */
public enum KprobeStepMode {
    OUT_OF_LINE("out-of-line"),
    IN_PLACE("in-place");

    private final String label;

    KprobeStepMode(String label) {
        this.label = label;
    }

    /** The mode's name as settings spell it: {@code out-of-line} or {@code in-place}. */
    public String label() {
        return label;
    }

    /** The mode named {@code label}; throws {@link IllegalArgumentException} naming the valid ones. */
    public static KprobeStepMode of(String label) {
        for (KprobeStepMode mode : values()) {
            if (mode.label.equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("kprobeStep=" + label + ": must be out-of-line or in-place");
    }
}
