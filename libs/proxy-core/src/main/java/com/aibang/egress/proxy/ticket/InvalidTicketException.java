package com.aibang.egress.proxy.ticket;

/** A ticket that must not be trusted; the message says why. */
public final class InvalidTicketException extends Exception {

    public InvalidTicketException(String message) {
        super(message, null, false, false);
    }

    public InvalidTicketException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
