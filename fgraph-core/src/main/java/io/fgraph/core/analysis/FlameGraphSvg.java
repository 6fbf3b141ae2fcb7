package io.fgraph.core.analysis;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Renders a {@link CallTree} as a self-contained SVG flame graph: the root at the bottom, callers
 * below their callees, each frame as wide as its total time ({@code data-ns} holds the time, the
 * {@code <title>} is the tooltip: name, calls, time, share). A header line counts lost events,
 * calls not traced because a shadow stack was full, and calls that ended otherwise than by a
 * return, so they are never hidden by a frame's size; such frames are drawn in blue, lost-event
 * markers in red, overrun markers in orange. A click on a frame zooms to it (a few lines
 * of inline script; the picture works without it).
 */
public final class FlameGraphSvg {
    public static final double WIDTH = 1200;
    public static final double FRAME_HEIGHT = 16;
    public static final double PAD = 10;
    private static final double HEADER = 50;
    private static final int LOST = CallEnd.values().length;
    private static final int NOT_TRACED = LOST + 1;

    private final PrintStream out;
    private final double scale;
    private final int levels;

    private FlameGraphSvg(PrintStream out, double scale, int levels) {
        this.out = out;
        this.scale = scale;
        this.levels = levels;
    }

    /** Writes the SVG; {@code title} names the trace. */
    public static void write(CallTree tree, String title, PrintStream out) {
        boolean taskFrames = tree.tasks().size() > 1;
        CallTree.Node root = tree.root();
        long total = 0;
        int depth = 0;
        for (CallTree.Node task : root.children()) {
            total += CallTree.totalOfChildren(task);
            depth = Math.max(depth, depth(task) + (taskFrames ? 1 : 0));
        }
        double scale = total == 0 ? 0 : (WIDTH - 2 * PAD) / total;
        int levels = depth + 1;
        double height = HEADER + levels * FRAME_HEIGHT + PAD;
        long[] counts = new long[CallEnd.values().length + 2]; // the ends, then lost events, then calls not traced
        count(root, counts);
        out.printf(Locale.ROOT, "<?xml version=\"1.0\" standalone=\"no\"?>%n"
                + "<svg version=\"1.1\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                + "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"monospace\" font-size=\"12\">%n",
                WIDTH, height, WIDTH, height);
        out.println("<style>g.f:hover rect{stroke:black;stroke-width:0.5} text{pointer-events:none}</style>");
        out.println(SCRIPT);
        out.printf(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#f8f8f0\"/>%n", WIDTH, height);
        out.printf(Locale.ROOT, "<text x=\"%.1f\" y=\"20\" font-size=\"16\">%s</text>%n", PAD, escape(title));
        StringBuilder notes = new StringBuilder("total " + Durations.micros(total) + " us; lost events: "
                + counts[LOST] + "; calls not traced (shadow stack overrun): " + counts[NOT_TRACED]);
        for (CallEnd end : CallEnd.values()) {
            if (end != CallEnd.RETURNED) {
                notes.append("; ").append(end.note()).append(": ").append(counts[end.ordinal()]);
            }
        }
        out.printf(Locale.ROOT, "<text id=\"notes\" x=\"%.1f\" y=\"38\">%s</text>%n", PAD, escape(notes.toString()));
        FlameGraphSvg svg = new FlameGraphSvg(out, scale, levels);
        svg.frame("all", "all (" + Durations.micros(total) + " us)", total, 0, 0, PAD, "#e0e0e0");
        double x = PAD;
        for (CallTree.Node task : root.children()) {
            long taskTotal = CallTree.totalOfChildren(task);
            int level = 1;
            if (taskFrames) {
                svg.frame(task.label(), task.label() + " (" + Durations.micros(taskTotal) + " us)", taskTotal, 0, 1, x,
                        "#c0c0c0");
                level = 2;
            }
            double childX = x;
            for (CallTree.Node child : task.children()) {
                childX = svg.node(child, level, childX, total);
            }
            x += taskTotal * scale;
        }
        out.println("</svg>");
        out.flush();
    }

    private static int depth(CallTree.Node node) {
        int max = 0;
        for (CallTree.Node c : node.children()) {
            max = Math.max(max, 1 + depth(c));
        }
        return max;
    }

    private static void count(CallTree.Node node, long[] counts) {
        for (CallEnd end : CallEnd.values()) {
            counts[end.ordinal()] += node.ended(end);
        }
        counts[LOST] += node.lost();
        if (node.isOverrunMarker()) {
            counts[NOT_TRACED] += node.notTraced();
        }
        for (CallTree.Node c : node.children()) {
            count(c, counts);
        }
    }

    /** Draws {@code node} and its callees from {@code x}; returns the x after it. */
    private double node(CallTree.Node node, int level, double x, long total) {
        String label = node.annotatedLabel();
        if (node.isMarker()) {
            double y = y(level);
            out.printf(Locale.ROOT, "<g class=\"%s\"><title>%s</title><rect x=\"%.3f\" y=\"%.1f\" width=\"2\" "
                    + "height=\"%.1f\" fill=\"%s\"/></g>%n", node.isLostMarker() ? "lost" : "overrun", escape(label), x, y,
                    FRAME_HEIGHT - 1, node.isLostMarker() ? "#ff0000" : "#ff8c00");
            return x;
        }
        String share = total == 0 ? "0" : String.format(Locale.ROOT, "%.2f", 100.0 * node.totalNs() / total);
        String tooltip = label + " (" + node.calls() + (node.calls() == 1 ? " call, " : " calls, ")
                + Durations.micros(node.totalNs()) + " us, " + share + "%)";
        boolean unusual = !label.equals(node.label());
        frame(label, tooltip, node.totalNs(), node.function(), level, x, unusual ? "#6f8fdf" : color(node.label()));
        double childX = x;
        for (CallTree.Node child : node.children()) {
            childX = node(child, level + 1, childX, total);
        }
        return x + node.totalNs() * scale;
    }

    private void frame(String label, String tooltip, long ns, long function, int level, double x, String fill) {
        double width = ns * scale;
        double y = y(level);
        out.printf(Locale.ROOT, "<g class=\"f\" onclick=\"zoom(this)\"><title>%s</title>"
                + "<rect x=\"%.3f\" y=\"%.1f\" width=\"%.3f\" height=\"%.1f\" fill=\"%s\" data-ns=\"%d\"/>",
                escape(tooltip), x, y, width, FRAME_HEIGHT - 1, fill, ns);
        int chars = (int) ((width - 6) / 7.2);
        if (chars >= 3) {
            String text = label.length() <= chars ? label : label.substring(0, chars - 2) + "..";
            out.printf(Locale.ROOT, "<text x=\"%.3f\" y=\"%.1f\">%s</text>", x + 3, y + FRAME_HEIGHT - 4, escape(text));
        }
        out.println("</g>");
    }

    private double y(int level) {
        return HEADER + (levels - 1 - level) * FRAME_HEIGHT;
    }

    /** A warm colour derived from the name only, so the same function has the same colour everywhere. */
    private static String color(String name) {
        int h = name.hashCode();
        int r = 205 + Math.floorMod(h, 50);
        int g = 80 + Math.floorMod(h >>> 8, 140);
        int b = 30 + Math.floorMod(h >>> 16, 50);
        return String.format(Locale.ROOT, "rgb(%d,%d,%d)", r, g, b);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Click to zoom: scale the x of every frame so the clicked one fills the width; click "all" to reset. */
    private static final String SCRIPT = """
            <script type="text/ecmascript"><![CDATA[
            function zoom(g) {
              var r = g.querySelector('rect'), x0 = +(r.getAttribute('ox') || r.getAttribute('x')), w0 = +(r.getAttribute('ow') || r.getAttribute('width'));
              var s = (%W% - 2 * %P%) / w0;
              document.querySelectorAll('g.f').forEach(function (f) {
                var fr = f.querySelector('rect'), t = f.querySelector('text');
                if (!fr.hasAttribute('ox')) { fr.setAttribute('ox', fr.getAttribute('x')); fr.setAttribute('ow', fr.getAttribute('width')); }
                var x = (+fr.getAttribute('ox') - x0) * s + %P%, w = +fr.getAttribute('ow') * s;
                fr.setAttribute('x', x); fr.setAttribute('width', Math.max(0, w));
                if (t) { t.setAttribute('x', x + 3); t.style.display = w > 20 ? '' : 'none'; }
              });
            }
            ]]></script>""".replace("%W%", "1200").replace("%P%", "10");
}
