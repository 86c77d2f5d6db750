package io.synod.app.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Runs one production processor the way a Kafka Streams task would, without a broker: its state
 * stores are built by the topology's own store builders, stream time is the largest timestamp it
 * has processed, and its wall-clock punctuators fire on the same schedule a stream thread keeps
 * (first at start + interval, then every interval, skipping missed ones).
 */
public final class ProcessorHarness<KIn, VIn, KOut, VOut> {
    private final MockProcessorContext<KOut, VOut> context;
    private final Processor<KIn, VIn, KOut, VOut> processor;
    private final List<Schedule> schedules = new ArrayList<>();
    private long streamTimeMs = -1L;

    /** A wall-clock punctuator and when it fires next. */
    private static final class Schedule {
        final MockProcessorContext.CapturedPunctuator punctuator;
        long nextMs;

        Schedule(MockProcessorContext.CapturedPunctuator punctuator, long nextMs) {
            this.punctuator = punctuator;
            this.nextMs = nextMs;
        }
    }

    public ProcessorHarness(String name, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier, List<StoreBuilder<?>> stores,
                     List<StateStore> sharedStores, long startWallClockMs) {
        context = infoMetricsContext(name);
        context.setCurrentSystemTimeMs(startWallClockMs);
        context.setCurrentStreamTimeMs(streamTimeMs);
        for (StoreBuilder<?> builder : stores) {
            StateStore store = builder.build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        sharedStores.forEach(context::addStateStore);
        processor = supplier.get();
        processor.init(context);
        for (MockProcessorContext.CapturedPunctuator punctuator : context.scheduledPunctuators()) {
            if (punctuator.getType() == PunctuationType.WALL_CLOCK_TIME) {
                schedules.add(new Schedule(punctuator, startWallClockMs + punctuator.getInterval().toMillis()));
            }
        }
    }

    /**
     * A mock context that records metrics at INFO, as a stream thread does by default. The mock
     * records at DEBUG, which times every store operation with the system clock: a fifth of
     * replay's time on the 105k-line input, for numbers nobody reads. Nothing recorded is output.
     */
    static <K, V> MockProcessorContext<K, V> infoMetricsContext(String name) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "synod-replay-" + name);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092");
        // As the live apps set it (StreamsSettings); without it every context warns about the global thread.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        MockProcessorContext<K, V> context = new MockProcessorContext<>(props);
        ((StreamsMetricsImpl) context.metrics()).metricsRegistry().config().recordLevel(Sensor.RecordingLevel.INFO);
        return context;
    }

    public <S extends StateStore> S store(String name) {
        return context.getStateStore(name);
    }

    /** Processes one record and returns what the processor forwarded, in order. */
    public List<MockProcessorContext.CapturedForward<? extends KOut, ? extends VOut>> process(Record<KIn, VIn> record) {
        streamTimeMs = Math.max(streamTimeMs, record.timestamp());
        context.setCurrentStreamTimeMs(streamTimeMs);
        processor.process(record);
        return drainForwards();
    }

    /** Moves the wall clock, firing due punctuators; returns what they forwarded. */
    /** When the next wall-clock punctuation is due ({@code Long.MAX_VALUE} when none is scheduled). */
    long nextScheduledMs() {
        long next = Long.MAX_VALUE;
        for (Schedule schedule : schedules) {
            if (!schedule.punctuator.cancelled()) {
                next = Math.min(next, schedule.nextMs);
            }
        }
        return next;
    }

    List<MockProcessorContext.CapturedForward<? extends KOut, ? extends VOut>> advanceWallClockTo(long nowMs) {
        context.setCurrentSystemTimeMs(nowMs);
        for (Schedule schedule : schedules) {
            if (!schedule.punctuator.cancelled() && schedule.nextMs <= nowMs) {
                schedule.punctuator.getPunctuator().punctuate(nowMs);
                long interval = schedule.punctuator.getInterval().toMillis();
                long missed = (nowMs - schedule.nextMs) / interval;
                schedule.nextMs += (missed + 1) * interval;
            }
        }
        return drainForwards();
    }

    private List<MockProcessorContext.CapturedForward<? extends KOut, ? extends VOut>> drainForwards() {
        List<MockProcessorContext.CapturedForward<? extends KOut, ? extends VOut>> forwarded = context.forwarded();
        context.resetForwards();
        return forwarded;
    }
}
