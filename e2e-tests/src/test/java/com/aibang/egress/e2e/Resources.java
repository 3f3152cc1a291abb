package com.aibang.egress.e2e;

/** Tear-down of what a test class started, in order, whatever was never started or fails to stop. */
public final class Resources {
    private Resources() {
    }

    /**
     * Closes every non-null resource in the order given; one that fails does not keep the next ones
     * running (a leaked process would hold its ports for the rest of the build). The first failure is
     * rethrown at the end, later ones are attached to it.
     */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
