package io.fgraph.probes.event;

import io.fgraph.core.trace.ProbeSchema;
import io.fgraph.emulator.elf.Symbol;
import io.fgraph.emulator.elf.SymbolTable;
import io.fgraph.probes.ProbeTarget;
import io.fgraph.probes.fetch.FetchArg;
import io.fgraph.probes.fetch.FetchArgParser;
import io.fgraph.probes.fetch.FetchScope;
import io.fgraph.probes.fetch.FetchSpecException;
import io.fgraph.probes.fetch.ValueFormat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A probe event in Linux's dynamic-event syntax ({@code kprobe_events}):
 * <pre>
 *  p[:[GRP/][EVENT]] SYMBOL[+OFFS]|ADDR [NAME=FETCHARG[:TYPE] ...]
 * </pre>
 * GRP defaults to {@code kprobes}; EVENT to {@code p_SYMBOL_OFFS} (or {@code p_0xADDR}), with
 * characters other than letters, digits and {@code _} made {@code _}, as Linux does. Return
 * probes ({@code r}, {@code %return}) are not part of this step: they are refused with the reason.
 *
 * @param text   the definition as given
 * @param group  the event's group
 * @param event  the event's name
 * @param target where the probe goes
 * @param args   what each hit fetches, in order
 */
public record ProbeDefinition(String text, String group, String event, ProbeTarget target, List<FetchArg> args) {
    public static final String DEFAULT_GROUP = "kprobes";
    /** As Linux's {@code MAX_TRACE_ARGS}. */
    public static final int MAX_ARGS = 128;

    public ProbeDefinition {
        args = List.copyOf(args);
    }

    /**
     * Parses a definition; fetch arguments resolve symbols in {@code symbols}, {@code $comm} is {@code comm}.
     *
     * @throws FetchSpecException with the position of the problem
     */
    public static ProbeDefinition parse(String text, SymbolTable symbols, String comm) {
        List<int[]> tokens = tokens(text);
        if (tokens.isEmpty()) {
            throw new FetchSpecException(text, 1, "empty probe definition: give p[:[GRP/]EVENT] SYMBOL[+OFFS]|ADDR [NAME=FETCHARG ...]");
        }
        int[] head = tokens.get(0);
        String kind = text.substring(head[0], head[1]);
        String[] naming = naming(text, head, kind);
        if (tokens.size() < 2) {
            throw new FetchSpecException(text, head[1] + 1, "where does the probe go? Give SYMBOL[+OFFS] or an address");
        }
        int[] where = tokens.get(1);
        String location = text.substring(where[0], where[1]);
        if (location.endsWith("%return")) {
            throw new FetchSpecException(text, where[0] + location.length() - 6, "%return (a return probe) is not supported yet: "
                    + "this step has kprobes only");
        }
        ProbeTarget target;
        try {
            target = ProbeTarget.parse(location);
        } catch (IllegalArgumentException e) {
            throw new FetchSpecException(text, where[0] + 1, e.getMessage());
        }
        String group = naming[0] == null ? DEFAULT_GROUP : naming[0];
        String event = naming[1] == null ? defaultEvent(target) : naming[1];
        FetchScope scope = new FetchScope(symbols, comm, atEntry(target, symbols), false);
        FetchArgParser parser = new FetchArgParser(scope);
        if (tokens.size() - 2 > MAX_ARGS) {
            throw new FetchSpecException(text, tokens.get(MAX_ARGS + 2)[0] + 1, "more than " + MAX_ARGS + " fetch arguments");
        }
        List<FetchArg> args = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 2; i < tokens.size(); i++) {
            int[] token = tokens.get(i);
            FetchArg arg = parser.parse(text, token[0], token[1], i - 1);
            if (!names.add(arg.name())) {
                throw new FetchSpecException(text, token[0] + 1, "argument name '" + arg.name() + "' is used twice");
            }
            args.add(arg);
        }
        return new ProbeDefinition(text, group, event, target, args);
    }

    /** {@code [group, event]} from {@code p}, {@code p:EVENT}, {@code p:GRP/EVENT} or {@code p:GRP/}; nulls for defaults. */
    private static String[] naming(String text, int[] head, String kind) {
        char first = kind.charAt(0);
        if (first == 'r' || first == 'f' || first == 't' || first == 'e') {
            String what = first == 'r' ? "return probes (r)" : first == 'f' ? "fprobe events (f)" : "'" + first + "' events";
            throw new FetchSpecException(text, head[0] + 1, what + " are not supported yet: this step has kprobes (p) only");
        }
        if (first == '-') {
            throw new FetchSpecException(text, head[0] + 1, "'-:EVENT' clears a probe; here probes are only defined");
        }
        if (first != 'p') {
            throw new FetchSpecException(text, head[0] + 1, "a probe definition starts with p (p[:[GRP/]EVENT] SYMBOL[+OFFS]|ADDR ...)");
        }
        if (kind.length() == 1) {
            return new String[2];
        }
        if (kind.charAt(1) != ':') {
            throw new FetchSpecException(text, head[0] + 2, "after 'p' comes ':' and the event's name, or a space");
        }
        String naming = kind.substring(2);
        int slash = naming.indexOf('/');
        String group = slash < 0 ? null : naming.substring(0, slash);
        String event = slash < 0 ? naming : naming.substring(slash + 1);
        int groupAt = head[0] + 3;
        if (group != null && !identifier(group)) {
            throw new FetchSpecException(text, groupAt, "group name '" + group + "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
        if (event.isEmpty()) {
            if (group == null) {
                throw new FetchSpecException(text, head[0] + 3, "no event name after 'p:'");
            }
            event = null;
        } else if (!identifier(event)) {
            throw new FetchSpecException(text, groupAt + (slash < 0 ? 0 : slash + 1),
                    "event name '" + event + "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
        return new String[] {group, event};
    }

    private static boolean identifier(String name) {
        if (name.isEmpty() || !(name.charAt(0) == '_' || isAsciiLetter(name.charAt(0)))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || isAsciiLetter(c) || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Linux's generated name: {@code p_SYMBOL_OFFS} (decimal) or {@code p_0xADDR}, non-identifier characters as {@code _}. */
    static String defaultEvent(ProbeTarget target) {
        String name = target.symbol() == null
                ? "p_0x" + Long.toHexString(target.address())
                : "p_" + target.symbol() + "_" + target.offset();
        StringBuilder s = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            s.append(c == '_' || isAsciiLetter(c) || (c >= '0' && c <= '9') ? c : '_');
        }
        return s.toString();
    }

    /** True if the target is a function's first instruction ({@code $argN} is valid there). */
    private static boolean atEntry(ProbeTarget target, SymbolTable symbols) {
        if (target.symbol() != null) {
            return target.offset() == 0;
        }
        Optional<Symbol> symbol = symbols.containing(target.address());
        return symbol.isPresent() && symbol.get().address() == target.address();
    }

    /** Whitespace-separated tokens as [start, end) pairs; a double-quoted part may hold spaces. */
    private static List<int[]> tokens(String text) {
        List<int[]> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i == text.length()) {
                break;
            }
            int start = i;
            boolean quoted = false;
            while (i < text.length() && (quoted || !Character.isWhitespace(text.charAt(i)))) {
                if (text.charAt(i) == '"') {
                    quoted = !quoted;
                }
                i++;
            }
            if (quoted) {
                throw new FetchSpecException(text, start + 1, "a double quote is not closed");
            }
            tokens.add(new int[] {start, i});
        }
        return tokens;
    }

    /** How a trace header describes this probe event under {@code id} ({@link ProbeSchema}). */
    public ProbeSchema schema(int id) {
        List<ProbeSchema.Field> fields = new ArrayList<>();
        for (FetchArg arg : args) {
            fields.add(new ProbeSchema.Field(arg.name(), ValueFormat.of(arg.type())));
        }
        return new ProbeSchema(id, event, canonical(), fields);
    }

    /** The definition with every default filled in: {@code p:GRP/EVENT TARGET NAME=FETCHARG:TYPE ...}. */
    public String canonical() {
        StringBuilder s = new StringBuilder("p:").append(group).append('/').append(event).append(' ').append(target);
        for (FetchArg arg : args) {
            s.append(' ').append(arg.text());
        }
        return s.toString();
    }
}
