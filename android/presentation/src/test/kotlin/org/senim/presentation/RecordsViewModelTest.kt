package org.senim.presentation

import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.UnconfinedTestDispatcher
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.senim.core.SenimException

@OptIn(ExperimentalCoroutinesApi::class)
class RecordsViewModelTest {
    private val records = listOf(
        noteRecord("a", "Passports held by the foreman", "Site 4", 3),
        noteRecord("b", "Asked about jobs in Almaty", "Sayran bus station", 2),
        noteRecord("c", "Owner keeps workers' passports", null, 1),
    )

    @Test
    fun `lists every record, page by page, and counts the damaged ones`() = runTest {
        val source = FakeRecordSource(records, damaged = listOf("x"))
        val vm = RecordsViewModel(source, this, UnconfinedTestDispatcher(testScheduler), pageSize = 2)
        vm.refresh().join()
        assertEquals(listOf("a", "b"), vm.state.value.records.map { it.id })
        assertTrue(vm.state.value.canLoadMore)
        assertEquals(1, vm.state.value.damaged)

        vm.loadMore()!!.join()
        assertEquals(listOf("a", "b", "c"), vm.state.value.records.map { it.id })
        assertFalse(vm.state.value.canLoadMore)
        assertNull(vm.loadMore())
        assertEquals(1, vm.state.value.damaged)
    }

    @Test
    fun `searching waits for typing to pause, and only the last query runs`() = runTest {
        val source = FakeRecordSource(records)
        val vm = RecordsViewModel(source, this, UnconfinedTestDispatcher(testScheduler), debounceMillis = 300)
        vm.onQueryChanged("p")
        advanceTimeBy(100)
        vm.onQueryChanged("pa")
        advanceTimeBy(100)
        val last = vm.onQueryChanged("passp")
        assertEquals("passp", vm.state.value.query)
        assertTrue(source.calls.isEmpty(), "nothing ran while typing")
        last.join()
        assertEquals(listOf("search:passp:"), source.calls)
        assertEquals(listOf("a", "c"), vm.state.value.records.map { it.id })
        assertTrue(vm.state.value.searching)

        vm.onQueryChanged("bus alm").join()
        assertEquals(listOf("b"), vm.state.value.records.map { it.id })

        // Clearing the field lists everything again.
        vm.onQueryChanged("  ").join()
        assertFalse(vm.state.value.searching)
        assertEquals(3, vm.state.value.records.size)
    }

    @Test
    fun `a query the core refuses and a locked vault are shown as errors`() = runTest {
        val source = FakeRecordSource(records)
        val vm = RecordsViewModel(source, this, UnconfinedTestDispatcher(testScheduler), debounceMillis = 0)
        vm.onQueryChanged("!!!").join()
        assertInstanceOf(SenimException.InvalidInput::class.java, vm.state.value.error?.failure)
        assertTrue(vm.state.value.records.isEmpty())

        vm.onQueryChanged("").join()
        assertNull(vm.state.value.error)
        assertEquals(3, vm.state.value.records.size)

        source.locked = true
        vm.refresh().join()
        assertTrue(vm.state.value.error!!.needsUnlock)
        assertTrue(vm.state.value.records.isEmpty(), "nothing stays on screen once the vault locked")
    }
}
