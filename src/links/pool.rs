//! Runs a job per item on a few threads, with at most so many jobs at once on any one host: a
//! packet with twenty links to one site does not hammer it, nor wait behind it for the others.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, PoisonError};

/// `work` applied to every item, on at most `overall` threads and with at most `per_host`
/// items of one `host` in flight at once; the results in the items' order.
pub fn run<T: Sync, R: Send>(
    items: &[T],
    host: impl Fn(&T) -> String + Sync,
    overall: usize,
    per_host: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let hosts: Vec<String> = items.iter().map(&host).collect();
    let state = Mutex::new(State {
        next: (0..items.len()).collect(),
        busy: HashMap::new(),
    });
    let freed = Condvar::new();
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let per_host = per_host.max(1);
    std::thread::scope(|scope| {
        for _ in 0..overall.clamp(1, items.len().max(1)) {
            scope.spawn(|| {
                while let Some(index) = take(&state, &freed, &hosts, per_host) {
                    let result = work(&items[index]);
                    lock(&results)[index] = Some(result);
                    let mut state = lock(&state);
                    if let Some(count) = state.busy.get_mut(&hosts[index]) {
                        *count -= 1;
                    }
                    drop(state);
                    freed.notify_all();
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect()
}

struct State {
    /// The items not started, in order.
    next: Vec<usize>,
    /// How many items of each host are in flight.
    busy: HashMap<String, usize>,
}

/// The first item not started whose host has room, waiting until one has; `None` when every
/// item has been started.
fn take(state: &Mutex<State>, freed: &Condvar, hosts: &[String], per_host: usize) -> Option<usize> {
    let mut state = lock(state);
    loop {
        if state.next.is_empty() {
            return None;
        }
        let room = state
            .next
            .iter()
            .position(|&index| state.busy.get(&hosts[index]).copied().unwrap_or(0) < per_host);
        if let Some(at) = room {
            let index = state.next.remove(at);
            *state.busy.entry(hosts[index].clone()).or_default() += 1;
            return Some(index);
        }
        state = freed.wait(state).unwrap_or_else(PoisonError::into_inner);
    }
}

/// A lock that a panicked worker cannot poison for the others: the data is plain counts.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn keeps_order_and_the_limit_per_host() {
        let items: Vec<(char, usize)> = (0..40).map(|i| (['a', 'b'][i % 2], i)).collect();
        let busy_a = AtomicUsize::new(0);
        let most_a = AtomicUsize::new(0);
        let results = run(
            &items,
            |(host, _)| host.to_string(),
            8,
            2,
            |(host, i)| {
                if *host == 'a' {
                    let now = busy_a.fetch_add(1, Ordering::SeqCst) + 1;
                    most_a.fetch_max(now, Ordering::SeqCst);
                    // Long enough for the other threads to try to start one more.
                    std::thread::sleep(std::time::Duration::from_millis(10));
                    busy_a.fetch_sub(1, Ordering::SeqCst);
                }
                i * 10
            },
        );
        assert_eq!(results, (0..40).map(|i| i * 10).collect::<Vec<_>>());
        // Two at once, never three, though eight threads were free.
        assert_eq!(most_a.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn nothing_to_do_is_done_at_once() {
        let results: Vec<()> = run(&[] as &[u8], |_| String::new(), 8, 2, |_| ());
        assert!(results.is_empty());
    }
}
