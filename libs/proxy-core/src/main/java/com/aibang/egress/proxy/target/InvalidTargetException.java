package com.aibang.egress.proxy.target;

/** The request target cannot be parsed or normalised; the client gets 400. */
public final class InvalidTargetException extends Exception {

    public InvalidTargetException(String message) {
        super(message, null, false, false);
    }
}
