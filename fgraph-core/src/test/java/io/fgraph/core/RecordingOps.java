package io.fgraph.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A test user that records every callback as a line: "> name depth" and "< name depth ret". */
class RecordingOps implements FgraphOps {
    final List<String> events = new ArrayList<>();
    private final FunctionFilter filter;
    private final Predicate<EntryContext> wants;
    int entries;
    int returns;

    RecordingOps(FunctionFilter filter) {
        this(filter, call -> true);
    }

    RecordingOps(FunctionFilter filter, Predicate<EntryContext> wants) {
        this.filter = filter;
        this.wants = wants;
    }

    @Override
    public FunctionFilter filter() {
        return filter;
    }

    @Override
    public boolean onEntry(EntryContext call) {
        entries++;
        events.add("> " + call.functionName() + " " + call.depth());
        return wants.test(call);
    }

    @Override
    public void onReturn(ReturnContext call) {
        returns++;
        events.add("< " + call.functionName() + " " + call.depth()
                + (call.unwound() ? " unwound" : " " + (int) call.returnValue()));
    }

    List<String> returnsOnly() {
        return events.stream().filter(e -> e.startsWith("<")).toList();
    }
}
