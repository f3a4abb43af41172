package io.darktower.gateway.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.gateway.node.NodePlacement.Candidate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The two ways of choosing a node, as pure functions of the candidates (the API tests place meetings over HTTP). */
class NodePlacementTest {

    private static Candidate node(String id, String region, int capacity, int load) {
        return new Candidate(id, region, "https://" + id + ":4433", capacity, new int[] {load});
    }

    private static Map<String, Integer> draws(List<Candidate> candidates, String region, int times) {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Integer> chosen = new HashMap<>();
        for (int i = 0; i < times; i++) {
            chosen.merge(NodePlacement.weighted(candidates, region, random).id(), 1, Integer::sum);
        }
        return chosen;
    }

    @Test
    void aJoinPicksInItsRegionWeightedByFreeRoom() {
        List<Candidate> nodes = List.of(node("eu-a", "eu", 100, 10), node("eu-b", "eu", 100, 90), node("us-a", "us", 1000, 0));
        Map<String, Integer> chosen = draws(nodes, "eu", 10_000);
        assertThat(chosen).doesNotContainKey("us-a");
        // free room 90 against 10: nine in ten joins go to the less loaded node
        assertThat(chosen.get("eu-a")).isBetween(8_800, 9_200);
        assertThat(chosen.get("eu-b")).isBetween(800, 1_200);
    }

    @Test
    void withoutRoomInItsRegionOrWithoutARegionAnyNodeWithRoomServes() {
        List<Candidate> nodes = List.of(node("eu-a", "eu", 10, 10), node("us-a", "us", 10, 5), node("ap-a", "ap", 10, 0));
        Map<String, Integer> chosen = draws(nodes, "eu", 3_000);
        assertThat(chosen).doesNotContainKey("eu-a");
        assertThat(chosen.get("ap-a")).isGreaterThan(chosen.get("us-a"));
        assertThat(draws(nodes, null, 100)).doesNotContainKey("eu-a");
    }

    @Test
    void noNodeWithRoomIsNoChoice() {
        assertThat(NodePlacement.weighted(List.of(node("eu-a", "eu", 10, 10), node("us-a", "us", 5, 7)), "eu",
                new SplittableRandom(1))).isNull();
        assertThat(NodePlacement.weighted(List.of(), null, new SplittableRandom(1))).isNull();
    }

    @Test
    void theSweeperChoosesTheSameEveryTime() {
        List<Candidate> nodes = List.of(node("eu-b", "eu", 100, 50), node("eu-a", "eu", 10, 5), node("us-a", "us", 100, 0));
        assertThat(NodePlacement.leastLoaded(nodes, "eu").id()).isEqualTo("eu-a"); // equal load factor: by id
        assertThat(NodePlacement.leastLoaded(nodes, "ap").id()).isEqualTo("us-a");
    }
}
