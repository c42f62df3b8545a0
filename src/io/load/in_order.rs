//! Reading people on worker threads while the calling thread takes the
//! results in order. Batches with a barrier after each left a core idle
//! at every batch's tail and while the calling thread wrote the cache;
//! here the workers keep going, and the cache is written while they do.
//!
//! The workers are threads of their own, not rayon's: a rayon thread that
//! waits (here, for the calling thread to catch up) runs other queued jobs
//! on top of the one it waits in, which could be another worker's loop
//! waiting for the very job underneath it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError, mpsc};
use std::thread;

/// How many jobs the workers may run ahead of the oldest result not yet
/// taken: results waiting in memory stay few whatever the jobs' sizes.
pub(crate) const AHEAD: usize = 64;

/// Runs `work` on each job on as many threads as rayon would use, jobs
/// started in order, and hands each result with its job to `take` on the
/// calling thread, in job order, as soon as it and those before it are
/// done.
pub fn in_order<J, R>(jobs: &[J], work: impl Fn(&J) -> R + Sync, mut take: impl FnMut(&J, R))
where
    J: Sync,
    R: Send,
{
    let next = AtomicUsize::new(0);
    let taken = Taken::default();
    let (tx, rx) = mpsc::channel();
    let (next, taken, work) = (&next, &taken, &work);
    thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..rayon::current_num_threads().min(jobs.len()) {
            let tx = tx.clone();
            let worker = move || {
                let _abandon = Abandon(taken);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    if !taken.wait_for(i) || tx.send((i, work(job))).is_err() {
                        break;
                    }
                }
            };
            // Without a thread (the system refused one) the calling
            // thread does the work below.
            started += usize::from(thread::Builder::new().spawn_scoped(scope, worker).is_ok());
        }
        drop(tx);
        // Should `take` fail, waiting workers must still be let go.
        let _abandon = Abandon(taken);
        let mut waiting = BTreeMap::new();
        let mut want = 0;
        for (i, result) in rx {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&want) {
                take(&jobs[want], result);
                want += 1;
            }
            taken.set(want);
        }
        if started == 0 {
            for job in jobs {
                take(job, work(job));
            }
        }
    });
}

/// How many results the calling thread has taken, for workers to wait on;
/// or that a worker died, so no more will be.
#[derive(Default)]
struct Taken {
    count: Mutex<usize>,
    abandoned: AtomicBool,
    changed: Condvar,
}

impl Taken {
    fn set(&self, count: usize) {
        *self.count.lock().unwrap_or_else(PoisonError::into_inner) = count;
        self.changed.notify_all();
    }

    /// Waits until job `i` is few enough ahead of the results taken;
    /// false when a worker died, so the job should not be started.
    fn wait_for(&self, i: usize) -> bool {
        let mut count = self.count.lock().unwrap_or_else(PoisonError::into_inner);
        while i >= *count + AHEAD && !self.abandoned.load(Ordering::Relaxed) {
            count = self
                .changed
                .wait(count)
                .unwrap_or_else(PoisonError::into_inner);
        }
        !self.abandoned.load(Ordering::Relaxed)
    }
}

/// Tells the workers to stop when the thread holding it unwinds: the
/// result a worker owed, or the taking a worker waits for, would never
/// come, and they would wait for it forever.
struct Abandon<'a>(&'a Taken);

impl Drop for Abandon<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _count = self.0.count.lock().unwrap_or_else(PoisonError::into_inner);
            self.0.abandoned.store(true, Ordering::Relaxed);
            self.0.changed.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_job_order_however_long_each_job_takes() {
        let jobs: Vec<u64> = (0..500).map(|i| (i * 7919) % 97).collect();
        let mut seen = Vec::new();
        in_order(
            &jobs,
            |&n| (0..n * 1000).fold(n, |a, b| a.wrapping_mul(31).wrapping_add(b)),
            |&job, result| seen.push((job, result)),
        );
        let expected: Vec<(u64, u64)> = jobs
            .iter()
            .map(|&n| {
                (
                    n,
                    (0..n * 1000).fold(n, |a, b| a.wrapping_mul(31).wrapping_add(b)),
                )
            })
            .collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn a_job_that_panics_ends_the_run_instead_of_hanging_it() {
        // More jobs than the workers may run ahead: the others wait for
        // the result the dead job owed, and must be told to stop.
        let jobs: Vec<usize> = (0..AHEAD * 4).collect();
        let run = std::panic::catch_unwind(|| {
            in_order(
                &jobs,
                |&n| {
                    assert_ne!(n, 1, "job 1 fails");
                    n
                },
                |_, _| {},
            );
        });
        assert!(run.is_err());
    }

    #[test]
    fn a_taker_that_panics_ends_the_run_instead_of_hanging_it() {
        // The workers run ahead and wait for results to be taken, which
        // stops with the panic.
        let jobs: Vec<usize> = (0..AHEAD * 4).collect();
        let run = std::panic::catch_unwind(|| {
            in_order(&jobs, |&n| n, |_, n| assert_ne!(n, 1, "taking 1 fails"));
        });
        assert!(run.is_err());
    }
}
