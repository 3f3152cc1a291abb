package com.aibang.egress.proxy.policy;

import io.grpc.Status;
import java.util.concurrent.CompletionException;

/** How a failed reuse report is treated: sent again, or dropped at once because sending again cannot help. */
final class ReportFailures {

    private ReportFailures() {
    }

    /** The service refused the report itself (invalid, unknown call), or this gate cannot send reports. */
    static boolean isFinal(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof UnsupportedOperationException) {
            return true;
        }
        Status.Code code = Status.fromThrowable(cause).getCode();
        return code == Status.Code.INVALID_ARGUMENT || code == Status.Code.UNIMPLEMENTED;
    }

    static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        Status status = Status.fromThrowable(cause);
        if (status.getCode() != Status.Code.UNKNOWN) {
            return status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription());
        }
        return cause.toString();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
