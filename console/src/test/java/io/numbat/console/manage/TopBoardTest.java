package io.numbat.console.manage;

import static io.numbat.console.Fixtures.batchWithTops;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.TopKey;
import org.junit.jupiter.api.Test;

class TopBoardTest {
    private final TopBoard board = new TopBoard();

    @Test
    void keepsTheTopListsOfWatchedNodesOnlyAndForgetsThemWhenNobodyAsks() {
        board.onMetrics(batchWithTops("a@sim", "web", 1_000), 1_000);
        assertThat(board.find("a@sim")).isEmpty(); // nobody watches it

        board.watch("a@sim", 2_000);
        board.onMetrics(batchWithTops("a@sim", "web", 3_000), 3_000);
        assertThat(board.find("a@sim")).get().extracting(NodeTop::timestamp).isEqualTo(3_000L);
        board.onMetrics(batchWithTops("a@sim", "web", 2_500), 3_100); // an older batch does not replace it
        assertThat(board.find("a@sim")).get().extracting(NodeTop::timestamp).isEqualTo(3_000L);

        long later = 2_000 + TopBoard.WATCH.toMillis() + 1;
        board.onMetrics(batchWithTops("a@sim", "web", later), later);
        assertThat(board.find("a@sim")).isEmpty();
        assertThat(board.watched()).isZero();
    }

    @Test
    void watchesAtMostMaxWatchedNodesDroppingTheLongestUnasked() {
        for (int i = 0; i <= TopBoard.MAX_WATCHED; i++) {
            board.watch("n" + i + "@sim", 1_000);
            board.onMetrics(batchWithTops("n" + i + "@sim", "web", 1_000), 1_000);
        }
        assertThat(board.watched()).isEqualTo(TopBoard.MAX_WATCHED);
        assertThat(board.find("n0@sim")).isEmpty();
        assertThat(board.find("n1@sim")).isPresent();
    }

    @Test
    void mergesTheThreeListsIntoOneRowPerProcessSortedByEachMeasure() {
        NodeTop top = NodeTop.of(batchWithTops("a@sim", "web", 1_000));
        assertThat(top.processes())
                .extracting(ProcessQueue::getPid)
                .doesNotHaveDuplicates()
                .hasSize(4);
        assertThat(top.windowMillis()).isEqualTo(10_000);
        assertThat(top.sorted(TopKey.REDUCTIONS).get(0).getPid()).isEqualTo("<0.4711.0>");
        assertThat(top.sorted(TopKey.MEMORY).get(0).getPid()).isEqualTo("<0.4713.0>");
        assertThat(top.sorted(TopKey.QUEUE).get(0).getPid()).isEqualTo("<0.4712.0>");
    }
}
