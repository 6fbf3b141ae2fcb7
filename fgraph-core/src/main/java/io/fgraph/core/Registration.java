package io.fgraph.core;

/**
 * A user's registration with {@link Fgraph}: its slot index, its filter (which can change while it
 * is registered, as Linux's {@code ftrace_ops} filter: entries are patched and restored to match),
 * and {@link #close()} to unregister.
 */
public final class Registration implements AutoCloseable {
    private final Fgraph fgraph;
    private final FgraphOps user;
    private final int index;
    private volatile FunctionFilter filter;
    private volatile boolean closed;

    Registration(Fgraph fgraph, FgraphOps user, int index, FunctionFilter filter) {
        this.fgraph = fgraph;
        this.user = user;
        this.index = index;
        this.filter = filter;
    }

    public FgraphOps user() {
        return user;
    }

    /** The slot index, 0..15 (the user's bit in every frame's bitmap). */
    public int index() {
        return index;
    }

    public FunctionFilter filter() {
        return filter;
    }

    /**
     * Changes which functions this user gets: entries the new filter adds are patched, entries no
     * user wants any more are restored. When it returns, every hart runs the new entries.
     *
     * @throws IllegalStateException when the registration is closed
     */
    public void setFilter(FunctionFilter newFilter) {
        if (closed || !fgraph.isRegistered(user)) {
            throw new IllegalStateException("user=" + user.name() + ": not registered");
        }
        fgraph.changeFilter(this, newFilter);
        this.filter = newFilter;
    }

    /** True while the user is registered (it may have been disabled for a failing callback). */
    public boolean active() {
        return !closed && fgraph.isRegistered(user);
    }

    /** Unregisters the user (once; later calls do nothing). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (fgraph.isRegistered(user)) {
                fgraph.unregister(user);
            }
        }
    }
}
