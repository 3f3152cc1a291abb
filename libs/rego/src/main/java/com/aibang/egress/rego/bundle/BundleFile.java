package com.aibang.egress.rego.bundle;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * One file of a policy bundle: its path relative to its root directory ('/'-separated, as the
 * directory tree shows it, even when reached through symlinks; decides where data is placed),
 * the name it is reported and compiled under, the key it contributes to the revision, and its bytes.
 */
record BundleFile(String relativePath, String name, String revisionKey, byte[] content) {

    /** Decodes the content as strict UTF-8; malformed bytes are a clear error, never replaced silently. */
    public String text() {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PolicyBundleException(name + ": not valid UTF-8", e);
        }
    }

    /** The directory part of the relative path ("" for files at the root). */
    public String directory() {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? "" : relativePath.substring(0, slash);
    }

    /** The file name without its directory. */
    public String fileName() {
        return relativePath.substring(relativePath.lastIndexOf('/') + 1);
    }
}
