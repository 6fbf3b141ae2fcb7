package io.fgraph.core.analysis;

import io.fgraph.core.trace.TraceEvent;

import java.util.List;

/** Several listeners as one, called in order. */
public final class CallListeners implements CallListener {
    private final CallListener[] listeners;

    public CallListeners(List<? extends CallListener> listeners) {
        this.listeners = listeners.toArray(new CallListener[0]);
    }

    @Override
    public void entry(Call call) {
        for (CallListener l : listeners) {
            l.entry(call);
        }
    }

    @Override
    public void exit(Call call) {
        for (CallListener l : listeners) {
            l.exit(call);
        }
    }

    @Override
    public void backtrace(Call call) {
        for (CallListener l : listeners) {
            l.backtrace(call);
        }
    }

    @Override
    public void lost(int task, int cpu, long time, long count) {
        for (CallListener l : listeners) {
            l.lost(task, cpu, time, count);
        }
    }

    @Override
    public void overrun(int task, int cpu, long time, long overrun) {
        for (CallListener l : listeners) {
            l.overrun(task, cpu, time, overrun);
        }
    }

    @Override
    public void other(TraceEvent event) {
        for (CallListener l : listeners) {
            l.other(event);
        }
    }

    @Override
    public void end() {
        for (CallListener l : listeners) {
            l.end();
        }
    }
}
