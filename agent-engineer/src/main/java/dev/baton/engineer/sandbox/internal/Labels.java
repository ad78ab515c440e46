package dev.baton.engineer.sandbox.internal;

/** The Docker labels every sandbox container carries; the reaper finds sandboxes by {@link #SANDBOX}. */
public final class Labels {
    /** Always {@code true}: marks a container as a Baton sandbox. */
    public static final String SANDBOX = "dev.baton.sandbox";
    /** The ticket id, or empty for a warm pool container created before it was assigned. */
    public static final String TICKET = "dev.baton.ticket";
    /** The task id, or empty for a warm pool container. */
    public static final String TASK = "dev.baton.task";
    /** Epoch seconds after which the reaper destroys the container. */
    public static final String EXPIRES = "dev.baton.expires";
    /** {@code host/pid/startMillis} of the engineer process that created it (see {@link Owner}). */
    public static final String OWNER = "dev.baton.owner";
    /** The host directory mounted at /workspace, deleted with the container. */
    public static final String WORKSPACE = "dev.baton.workspace";
    /** {@code warm} for containers created by the pool, {@code cold} for those created on demand. */
    public static final String ORIGIN = "dev.baton.origin";

    private Labels() {}
}
