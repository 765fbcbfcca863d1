package dev.clusterlab.task10;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The catalog a worker serves: items by id, a search by name, updates. Each worker holds its own
 * copy, generated from the same seed, so every worker answers a read the same way; an update
 * reaches only the worker that took it (shared state belongs in a store: task 6 and chapter 10).
 */
final class Catalog {
    /** An item of the catalog. */
    record Item(int id, String name, String category, long priceCents) {
    }

    private static final String[] NOUNS = {"lamp", "chair", "desk", "shelf", "kettle", "mug", "rug", "clock"};
    private static final String[] ADJECTIVES = {"oak", "steel", "blue", "small", "large", "vintage", "modern"};
    private final ConcurrentMap<Integer, Item> items = new ConcurrentHashMap<>();

    /** A catalog of {@code size} items with ids 1..size, the same for the same size. */
    Catalog(int size) {
        for (int id = 1; id <= size; id++) {
            String noun = NOUNS[(id / ADJECTIVES.length) % NOUNS.length];
            items.put(id, new Item(id, ADJECTIVES[id % ADJECTIVES.length] + " " + noun + " #" + id, noun, 500L + id % 9500));
        }
    }

    Optional<Item> get(int id) {
        return Optional.ofNullable(items.get(id));
    }

    /** Up to {@code limit} items whose name contains {@code query}, by id: a scan, as a small table would be. */
    List<Item> search(String query, int limit) {
        String needle = query.toLowerCase(Locale.ROOT);
        List<Item> found = new ArrayList<>();
        for (Item item : items.values()) {
            if (item.name().contains(needle)) {
                found.add(item);
            }
        }
        found.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    /** Stores {@code item}, replacing the one with its id. */
    Item put(Item item) {
        items.put(item.id(), item);
        return item;
    }
}
