package io.fgraph.core.analysis;

import java.io.PrintStream;

/**
 * Writes a {@link CallTree} as folded stacks, the input of {@code flamegraph.pl} and speedscope:
 * one line per call path, frames joined by {@code ;}, then the path's self time in ns.
 * <pre>
 * main;a;b;c 10
 * main;a;b 13
 * </pre>
 * With several tasks the first frame is {@code task N}. Paths with no self time are left out (their
 * time is in their callees' lines); a path that had lost events gets a
 * {@code [lost N events]} frame of weight 1, so it is visible, and so does a path where a full
 * shadow stack kept calls from being traced ({@code [N calls not traced]}); unusual ends are
 * written into the frame, e.g. {@code outer [2 unwound]}.
 */
public final class FoldedStacksWriter {
    private FoldedStacksWriter() {
    }

    public static void write(CallTree tree, PrintStream out) {
        boolean taskFrames = tree.tasks().size() > 1;
        StringBuilder path = new StringBuilder();
        for (CallTree.Node task : tree.root().children()) {
            path.setLength(0);
            if (taskFrames) {
                path.append(task.label());
            }
            for (CallTree.Node call : task.children()) {
                write(call, path, out);
            }
        }
        out.flush();
    }

    private static void write(CallTree.Node node, StringBuilder path, PrintStream out) {
        int length = path.length();
        if (length > 0) {
            path.append(';');
        }
        path.append(node.annotatedLabel().replace(';', ':'));
        long weight = node.isMarker() ? 1 : node.selfNs();
        if (weight > 0) {
            out.append(path).append(' ').append(Long.toString(weight)).append('\n');
        }
        for (CallTree.Node child : node.children()) {
            write(child, path, out);
        }
        path.setLength(length);
    }
}
