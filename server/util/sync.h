// The mutex, lock and notification tkp's shared state uses: Abseil's, or,
// in a ThreadSanitizer build (TKP_STD_SYNC), the standard library's.
//
// Debian's Abseil is not built with ThreadSanitizer, so TSan cannot see
// absl::Mutex order its threads and would report every guarded access as
// a race; it does see std::mutex, through its pthread interceptors. The
// two sets offer the same operations, so the code is the same in both
// builds.

#ifndef TKP_SERVER_UTIL_SYNC_H_
#define TKP_SERVER_UTIL_SYNC_H_

#ifdef TKP_STD_SYNC
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#include "absl/time/time.h"
#else
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#endif

namespace tkp {

#ifdef TKP_STD_SYNC

class Mutex {
 public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }
  void ReaderLock() { mu_.lock_shared(); }
  void ReaderUnlock() { mu_.unlock_shared(); }

 private:
  std::shared_mutex mu_;
};

class MutexLock {
 public:
  explicit MutexLock(Mutex* mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* mu_;
};

class ReaderMutexLock {
 public:
  explicit ReaderMutexLock(Mutex* mu) : mu_(mu) { mu_->ReaderLock(); }
  ~ReaderMutexLock() { mu_->ReaderUnlock(); }
  ReaderMutexLock(const ReaderMutexLock&) = delete;
  ReaderMutexLock& operator=(const ReaderMutexLock&) = delete;

 private:
  Mutex* mu_;
};

class Notification {
 public:
  void Notify() {
    const std::lock_guard<std::mutex> lock(mu_);
    notified_ = true;
    cv_.notify_all();
  }
  bool WaitForNotificationWithTimeout(absl::Duration timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
                        [this] { return notified_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool notified_ = false;
};

#else

using Mutex = absl::Mutex;
using MutexLock = absl::MutexLock;
using ReaderMutexLock = absl::ReaderMutexLock;
using Notification = absl::Notification;

#endif

}  // namespace tkp

#endif  // TKP_SERVER_UTIL_SYNC_H_
