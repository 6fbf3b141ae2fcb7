package io.fgraph.probes.event;

import io.fgraph.core.trace.ProbeSchema;
import io.fgraph.emulator.elf.Symbol;
import io.fgraph.emulator.elf.SymbolTable;
import io.fgraph.probes.ProbeTarget;
import io.fgraph.probes.fetch.EntryArguments;
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
 * A probe event in Linux's dynamic-event syntax ({@code kprobe_events}, {@code dynamic_events}):
 * <pre>
 *  p[:[GRP/][EVENT]] SYMBOL[+OFFS]|ADDR [NAME=FETCHARG[:TYPE] ...]     a kprobe
 *  r[MAXACTIVE][:[GRP/][EVENT]] SYMBOL[+0]|ADDR [NAME=FETCHARG ...]   a return probe (kretprobe)
 *  p[:[GRP/][EVENT]] SYMBOL%return [NAME=FETCHARG ...]                  the same return probe
 *  f[:[GRP/][EVENT]] SYMBOL[%return] [NAME=FETCHARG ...]                a function entry or exit (fprobe)
 * </pre>
 * GRP defaults to {@code kprobes} ({@code fprobes} for {@code f}); EVENT to {@code p_SYMBOL_OFFS},
 * {@code r_SYMBOL_0} (or {@code p_0xADDR}), {@code SYMBOL__entry} or {@code SYMBOL__exit}, with
 * characters other than letters, digits and {@code _} made {@code _}, as Linux does. Return probes
 * go at a function's entry; {@code $retval} is their return value, and {@code $argN} the argument
 * as it was at the entry (kept in the call's instance data: {@link #saved()}).
 *
 * @param text      the definition as given
 * @param kind      what fires: a kprobe, a return probe, an fprobe entry or exit
 * @param maxactive {@code r}'s MAXACTIVE, 0 when not given (the default)
 * @param group     the event's group
 * @param event     the event's name
 * @param target    where the probe goes
 * @param args      what each hit fetches, in order
 * @param saved     a return probe's {@code $argN} to keep from the entry (null for entry probes)
 */
public record ProbeDefinition(String text, Kind kind, int maxactive, String group, String event, ProbeTarget target,
                              List<FetchArg> args, EntryArguments saved) {
    public static final String DEFAULT_GROUP = "kprobes";
    public static final String FPROBE_GROUP = "fprobes";
    /** As Linux's {@code MAX_TRACE_ARGS}. */
    public static final int MAX_ARGS = 128;
    /** As Linux's {@code KRETPROBE_MAXACTIVE_MAX}. */
    public static final int MAX_MAXACTIVE = 4096;

    /** What a definition makes. */
    public enum Kind {
        /** {@code p}: a kprobe on an instruction. */
        KPROBE,
        /** {@code r} or {@code p ...%return}: a kretprobe. */
        RETURN,
        /** {@code f SYM}: an fprobe at a function's entry. */
        FENTRY,
        /** {@code f SYM%return}: an fprobe at a function's exit (always on fgraph). */
        FEXIT;

        public boolean atReturn() {
            return this == RETURN || this == FEXIT;
        }
    }

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
        String prefix = text.substring(head[0], head[1]);
        Naming naming = naming(text, head, prefix);
        if (tokens.size() < 2) {
            throw new FetchSpecException(text, head[1] + 1, "where does the probe go? Give SYMBOL[+OFFS] or an address");
        }
        int[] where = tokens.get(1);
        String location = text.substring(where[0], where[1]);
        Kind kind = naming.kind;
        if (location.endsWith("%return")) {
            if (kind == Kind.RETURN) {
                throw new FetchSpecException(text, where[0] + location.length() - 6, "%return with r: an r probe is a return probe already");
            }
            kind = kind == Kind.FENTRY ? Kind.FEXIT : Kind.RETURN;
            location = location.substring(0, location.length() - "%return".length());
        }
        ProbeTarget target;
        try {
            target = ProbeTarget.parse(location);
        } catch (IllegalArgumentException e) {
            throw new FetchSpecException(text, where[0] + 1, e.getMessage());
        }
        boolean atEntry = atEntry(target, symbols);
        if ((kind != Kind.KPROBE) && !atEntry) {
            throw new FetchSpecException(text, where[0] + 1, (kind == Kind.RETURN ? "a return probe" : "an fprobe")
                    + " goes at a function's entry: " + location + " is not one");
        }
        String group = naming.group != null ? naming.group : kind == Kind.FENTRY || kind == Kind.FEXIT ? FPROBE_GROUP : DEFAULT_GROUP;
        String event = naming.event != null ? naming.event : defaultEvent(kind, target);
        FetchScope scope = new FetchScope(symbols, comm, atEntry, kind.atReturn());
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
        return new ProbeDefinition(text, kind, naming.maxactive, group, event, target, args, scope.saved());
    }

    /** The parts of the first token: the kind its letter makes, r's MAXACTIVE, and the names (null: defaults). */
    private record Naming(Kind kind, int maxactive, String group, String event) {
    }

    /** From {@code p}, {@code r16}, {@code f:EVENT}, {@code p:GRP/EVENT} or {@code p:GRP/}. */
    private static Naming naming(String text, int[] head, String prefix) {
        char first = prefix.charAt(0);
        if (first == 't' || first == 'e') {
            throw new FetchSpecException(text, head[0] + 1, "'" + first + "' events (tracepoints, eprobes) are not supported: "
                    + "give p, r or f");
        }
        if (first == '-') {
            throw new FetchSpecException(text, head[0] + 1, "'-:EVENT' clears a probe; here probes are only defined");
        }
        if (first != 'p' && first != 'r' && first != 'f') {
            throw new FetchSpecException(text, head[0] + 1,
                    "a probe definition starts with p, r or f (p[:[GRP/]EVENT] SYMBOL[+OFFS]|ADDR ...)");
        }
        Kind kind = first == 'p' ? Kind.KPROBE : first == 'r' ? Kind.RETURN : Kind.FENTRY;
        int at = 1;
        int maxactive = 0;
        if (first == 'r') {
            while (at < prefix.length() && Character.isDigit(prefix.charAt(at))) {
                at++;
            }
            if (at > 1) {
                String digits = prefix.substring(1, at);
                maxactive = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
                if (maxactive < 1 || maxactive > MAX_MAXACTIVE) {
                    throw new FetchSpecException(text, head[0] + 2, "MAXACTIVE " + digits + " must be 1.." + MAX_MAXACTIVE);
                }
            }
        }
        if (at == prefix.length()) {
            return new Naming(kind, maxactive, null, null);
        }
        if (prefix.charAt(at) != ':') {
            throw new FetchSpecException(text, head[0] + at + 1, "after '" + prefix.substring(0, at)
                    + "' comes ':' and the event's name, or a space");
        }
        String naming = prefix.substring(at + 1);
        int slash = naming.indexOf('/');
        String group = slash < 0 ? null : naming.substring(0, slash);
        String event = slash < 0 ? naming : naming.substring(slash + 1);
        int groupAt = head[0] + at + 2;
        if (group != null && !identifier(group)) {
            throw new FetchSpecException(text, groupAt, "group name '" + group + "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
        if (event.isEmpty()) {
            if (group == null) {
                throw new FetchSpecException(text, groupAt, "no event name after '" + prefix.substring(0, at + 1) + "'");
            }
            event = null;
        } else if (!identifier(event)) {
            throw new FetchSpecException(text, groupAt + (slash < 0 ? 0 : slash + 1),
                    "event name '" + event + "' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
        return new Naming(kind, maxactive, group, event);
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

    /**
     * Linux's generated name: {@code p_SYMBOL_OFFS} (decimal) or {@code p_0xADDR}, {@code r_...} for
     * a return probe, {@code SYMBOL__entry} / {@code SYMBOL__exit} for an fprobe; characters other
     * than letters, digits and {@code _} as {@code _}.
     */
    static String defaultEvent(Kind kind, ProbeTarget target) {
        String symbol = target.symbol() == null ? "0x" + Long.toHexString(target.address()) : target.symbol();
        String name = switch (kind) {
            case FENTRY -> symbol + "__entry";
            case FEXIT -> symbol + "__exit";
            default -> (kind == Kind.RETURN ? "r_" : "p_") + symbol + (target.symbol() == null ? "" : "_" + target.offset());
        };
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

    /**
     * The definition with every default filled in: {@code p:GRP/EVENT TARGET NAME=FETCHARG:TYPE ...},
     * {@code r[MAXACTIVE]:GRP/EVENT SYM ...} for a return probe, {@code f:GRP/EVENT SYM[%return] ...}.
     */
    public String canonical() {
        StringBuilder s = new StringBuilder();
        switch (kind) {
            case KPROBE -> s.append('p');
            case RETURN -> s.append('r').append(maxactive > 0 ? Integer.toString(maxactive) : "");
            default -> s.append('f');
        }
        s.append(':').append(group).append('/').append(event).append(' ').append(target);
        if (kind == Kind.FEXIT) {
            s.append("%return");
        }
        for (FetchArg arg : args) {
            s.append(' ').append(arg.text());
        }
        return s.toString();
    }
}
