package com.aibang.egress.proxy.http;

/** User event fired on every client connection when graceful shutdown starts. */
public final class DrainEvent {

    /** The only instance. */
    public static final DrainEvent INSTANCE = new DrainEvent();

    private DrainEvent() {
    }
}
