package io.minetwin.model;

import java.util.Objects;

/** The quality of a channel's value: good, or uncertain / bad with the reason. */
public sealed interface Quality {

    /** The level, as stored in history. */
    QualityLevel level();

    Good GOOD = new Good();

    static Quality uncertain(String reason) {
        return new Uncertain(reason);
    }

    static Quality bad(String reason) {
        return new Bad(reason);
    }

    /** The value can be trusted. */
    record Good() implements Quality {
        @Override
        public QualityLevel level() {
            return QualityLevel.GOOD;
        }
    }

    /** The value is there but may be wrong, e.g. a sensor out of calibration or a substituted value. */
    record Uncertain(String reason) implements Quality {
        public Uncertain {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public QualityLevel level() {
            return QualityLevel.UNCERTAIN;
        }
    }

    /** The value must not be used, e.g. sensor failure, communication failure or a rejected value. */
    record Bad(String reason) implements Quality {
        public Bad {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public QualityLevel level() {
            return QualityLevel.BAD;
        }
    }
}
