package io.fgraph.core;

/** A user callback threw: the user was disabled. */
public record UserFailure(String user, int index, String callback, String function, Throwable cause) {
    @Override
    public String toString() {
        return "user " + user + " (index " + index + ") disabled: its " + callback + " callback threw "
                + cause + " in " + function;
    }
}
