package io.fgraph.core.guide;

import io.fgraph.core.EntryContext;
import io.fgraph.core.ReturnContext;
import io.fgraph.core.FgraphOps;
import io.fgraph.core.FunctionFilter;

import java.util.ArrayList;
import java.util.List;

/** Reports calls that took longer than a limit, with their first argument. */
public final class SlowCalls implements FgraphOps {
    private final FunctionFilter filter;
    private final long limitNs;
    private final List<String> slow = new ArrayList<>();

    public SlowCalls(FunctionFilter filter, long limitNs) {
        this.filter = filter;
        this.limitNs = limitNs;
    }

    @Override
    public FunctionFilter filter() {
        return filter; // only these entries get patched
    }

    @Override
    public boolean onEntry(EntryContext call) {
        // 8 bytes of per-call data in the shadow stack: the first argument
        call.reserveData(8).putLong(0, call.argument(0));
        return true; // true: call onReturn for this call
    }

    @Override
    public void onReturn(ReturnContext call) {
        long duration = call.time() - call.entryTime();
        if (duration >= limitNs && !call.unwound()) {
            long arg = call.retrieveData().getLong(0);
            slow.add(call.functionName() + "(" + arg + ") took " + duration + " ns, returned "
                    + call.returnValue());
        }
    }

    public List<String> slowCalls() {
        return slow;
    }
}
