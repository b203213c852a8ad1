package io.jdm.targets.status;

import io.jdm.targets.StripedTarget;

import io.jdm.api.DeviceNumber;
import io.jdm.api.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/** The status of a {@code striped} target: {@code <n> <dev>... 1 <A|D per stripe>}. */
public record StripedStatus(List<Stripe> stripes) {
    public static final String TYPE = StripedTarget.TYPE;

    /** One stripe's device and whether it is alive ({@code A}) or has seen I/O errors ({@code D}). */
    public record Stripe(DeviceNumber device, boolean alive) {
    }

    public StripedStatus {
        stripes = List.copyOf(stripes);
    }

    public boolean allAlive() {
        return stripes.stream().allMatch(Stripe::alive);
    }

    public static StatusResult<StripedStatus> parse(String text) {
        return Words.read(TYPE, text, w -> {
            long n = w.number("stripe count");
            if (n == 0 || n > w.remaining()) {
                throw new Words.Bad("stripe count " + n + " does not match the " + w.remaining() + " words that follow");
            }
            List<DeviceNumber> devices = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                String word = w.next("stripe device");
                try {
                    devices.add(DeviceNumber.parse(word));
                } catch (InvalidInputException e) {
                    throw new Words.Bad("stripe device must be major:minor, got '" + word + "'");
                }
            }
            long groups = w.number("health group count");
            if (groups != 1) {
                throw new Words.Bad("expected 1 health group, got " + groups);
            }
            String health = w.next("stripe health");
            if (health.length() != n) {
                throw new Words.Bad("stripe health '" + health + "' must have one letter per stripe (" + n + ")");
            }
            List<Stripe> stripes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                char c = health.charAt(i);
                if (c != 'A' && c != 'D') {
                    throw new Words.Bad("stripe health letters must be A or D, got '" + health + "'");
                }
                stripes.add(new Stripe(devices.get(i), c == 'A'));
            }
            return new StripedStatus(stripes);
        });
    }
}
