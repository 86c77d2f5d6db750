package io.synod.streams;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.apache.kafka.streams.state.KeyValueStore;

/** Counts the prefix scans made on the stores it wraps. */
public final class ScanCounter {
    private int scans;

    public int scans() {
        return scans;
    }

    @SuppressWarnings("unchecked")
    public <V> KeyValueStore<String, V> wrap(KeyValueStore<String, V> store) {
        return (KeyValueStore<String, V>) Proxy.newProxyInstance(ScanCounter.class.getClassLoader(), new Class<?>[] {KeyValueStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prefixScan")) {
                        scans++;
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
