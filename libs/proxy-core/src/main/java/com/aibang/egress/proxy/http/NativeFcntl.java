package com.aibang.egress.proxy.http;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.util.Optional;

/**
 * Finds libc's {@code fcntl(int, int, int)} through the JVM's foreign linker: the final API of Java 22+
 * ({@code java.lang.foreign}) or Java 17's incubating one ({@code jdk.incubator.foreign}). Both are looked up
 * reflectively so the code compiles for Java 17 and needs neither API to exist.
 */
final class NativeFcntl {

    /** The JVM flags that make the lookup succeed on this runtime. */
    static final String JVM_FLAGS = Runtime.version().feature() >= 22
            ? "--enable-native-access=ALL-UNNAMED"
            : "--add-modules=jdk.incubator.foreign --enable-native-access=ALL-UNNAMED";

    private static final MethodType INT_INT_INT_TO_INT =
            MethodType.methodType(int.class, int.class, int.class, int.class);

    private NativeFcntl() {
    }

    /**
     * A handle of type {@code (int, int, int) int} calling fcntl.
     *
     * @throws ReflectiveOperationException when this JVM offers no usable foreign linker (e.g. Java 17 without
     *     {@code --add-modules=jdk.incubator.foreign}); the message says which flags are missing
     */
    static MethodHandle lookup() throws ReflectiveOperationException {
        try {
            return Runtime.version().feature() >= 22 ? finalApi() : incubatorApi();
        } catch (ClassNotFoundException e) {
            throw new ClassNotFoundException("no foreign linker in this JVM: start it with " + JVM_FLAGS, e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ReflectiveOperationException(cause + " (start the JVM with " + JVM_FLAGS + ")", cause);
        }
    }

    /** Java 22+: Linker.nativeLinker().downcallHandle(fcntl, (int, int, int) int, firstVariadicArg(2)). */
    private static MethodHandle finalApi() throws ReflectiveOperationException {
        Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
        Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
        Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
        Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> symbolsType = Class.forName("java.lang.foreign.SymbolLookup");
        Object cInt = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
        Object linker = linkerType.getMethod("nativeLinker").invoke(null);
        Object symbols = linkerType.getMethod("defaultLookup").invoke(linker);
        Object fcntl = ((Optional<?>) symbolsType.getMethod("find", String.class).invoke(symbols, "fcntl"))
                .orElseThrow(() -> new NoSuchMethodException("fcntl is not in the C library"));
        Object arguments = layouts(layoutType, cInt, cInt, cInt);
        Object function = descriptorType.getMethod("of", layoutType, arguments.getClass())
                .invoke(null, cInt, arguments);
        Object options = Array.newInstance(optionType, 1);
        // fcntl is variadic after its second parameter: the calling convention may differ from a fixed one.
        Array.set(options, 0, optionType.getMethod("firstVariadicArg", int.class).invoke(null, 2));
        return (MethodHandle) linkerType.getMethod("downcallHandle", segmentType, descriptorType, options.getClass())
                .invoke(linker, fcntl, function, options);
    }

    /** Java 17: CLinker.getInstance().downcallHandle(fcntl, type, (int, int, asVarArg(int)) int). */
    private static MethodHandle incubatorApi() throws ReflectiveOperationException {
        Class<?> linkerType = Class.forName("jdk.incubator.foreign.CLinker");
        Class<?> layoutType = Class.forName("jdk.incubator.foreign.MemoryLayout");
        Class<?> descriptorType = Class.forName("jdk.incubator.foreign.FunctionDescriptor");
        Class<?> addressableType = Class.forName("jdk.incubator.foreign.Addressable");
        Class<?> symbolsType = Class.forName("jdk.incubator.foreign.SymbolLookup");
        Object cInt = linkerType.getField("C_INT").get(null);
        Object variadicInt = linkerType.getMethod("asVarArg", layoutType).invoke(null, cInt);
        Object arguments = layouts(layoutType, cInt, cInt, variadicInt);
        Object function = descriptorType.getMethod("of", layoutType, arguments.getClass())
                .invoke(null, cInt, arguments);
        Object symbols = linkerType.getMethod("systemLookup").invoke(null);
        Object fcntl = ((Optional<?>) symbolsType.getMethod("lookup", String.class).invoke(symbols, "fcntl"))
                .orElseThrow(() -> new NoSuchMethodException("fcntl is not in the C library"));
        Object linker = linkerType.getMethod("getInstance").invoke(null);
        return (MethodHandle) linkerType.getMethod("downcallHandle", addressableType, MethodType.class,
                descriptorType).invoke(linker, fcntl, INT_INT_INT_TO_INT, function);
    }

    private static Object layouts(Class<?> layoutType, Object... layouts) {
        Object array = Array.newInstance(layoutType, layouts.length);
        for (int i = 0; i < layouts.length; i++) {
            Array.set(array, i, layouts[i]);
        }
        return array;
    }
}
