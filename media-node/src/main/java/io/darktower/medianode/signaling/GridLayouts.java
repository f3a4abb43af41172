package io.darktower.medianode.signaling;

import io.darktower.signaling.GridLayout;
import io.darktower.signaling.Participant;
import io.darktower.signaling.Stream;
import io.darktower.signaling.StreamAssignment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a grid layout: one tile per participant — pinned ones first in the order given, then the others in joining
 * order, never the excluded ones nor the viewer — as many as the grid has tiles. Every stream of a participant in a
 * tile is assigned, with frame stream id {@code tile * 16 + n + 1} (n its place among the participant's streams), so a
 * subscriber tells tiles and streams apart by the stream id of the frames it receives.
 */
public final class GridLayouts {

    /** The most tiles a grid may have. */
    public static final int MAX_TILES = 49;
    /** Streams per tile that get their own frame stream id. */
    public static final int STREAMS_PER_TILE = 16;

    private GridLayouts() {
    }

    public static boolean valid(GridLayout layout) {
        long tiles = (long) layout.getColumns() * layout.getRows();
        return tiles >= 1 && tiles <= MAX_TILES;
    }

    public static List<StreamAssignment> assign(GridLayout layout, List<Participant> present, String viewer) {
        Map<String, Participant> byId = new LinkedHashMap<>();
        present.forEach(p -> byId.put(p.getParticipantId(), p));
        List<Participant> order = new ArrayList<>();
        for (String pinned : layout.getPinnedParticipantIdsList()) {
            Participant p = byId.remove(pinned);
            if (p != null) {
                order.add(p);
            }
        }
        order.addAll(byId.values());
        order.removeIf(p -> p.getParticipantId().equals(viewer) || layout.getExcludedParticipantIdsList().contains(p.getParticipantId()));
        int tiles = Math.min(order.size(), layout.getColumns() * layout.getRows());
        List<StreamAssignment> assignments = new ArrayList<>();
        for (int tile = 0; tile < tiles; tile++) {
            Participant p = order.get(tile);
            List<Stream> streams = p.getStreamsList();
            for (int n = 0; n < Math.min(streams.size(), STREAMS_PER_TILE); n++) {
                assignments.add(StreamAssignment.newBuilder()
                        .setSlot(tile)
                        .setParticipantId(p.getParticipantId())
                        .setStreamId(streams.get(n).getStreamId())
                        .setMediaUserId(p.getMediaUserId())
                        .setMediaStreamId(tile * STREAMS_PER_TILE + n + 1)
                        .build());
            }
        }
        return assignments;
    }
}
