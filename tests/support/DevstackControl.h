#pragma once

#include <functional>
#include <string>

namespace ragdesk::test {

/// Sets one of the devstack's fault knobs (`devstack knob NAME VALUE`) for the lifetime of this object, then
/// puts back the default: a test never leaves a knob turned for the next one.
class ScopedKnob {
public:
    ScopedKnob(std::string name, const std::string& value);
    ~ScopedKnob();
    ScopedKnob(const ScopedKnob&) = delete;
    ScopedKnob& operator=(const ScopedKnob&) = delete;

private:
    std::string m_name;
};

/// Runs `$RAGDESK_DEVSTACK_CTL ARGS` (the devstack CLI of the test's instance); throws when it fails.
void devstackControl(const std::string& arguments);

/// What a deploy's `up -d` does to a service whose image or settings changed: its container replaced by a new one,
/// run on the devstack's "VPS" through the OpenSSH client (not the code under test). Throws when it fails.
void recreateDevstackService(const std::string& service);

/// What an operator's `git push` does: clones the devstack VPS's origin into `workDir`/checkout, lets `change` edit
/// the checkout, commits with `message` and pushes to `branch` (replacing what it held); returns the new commit.
/// Through the OpenSSH client and git, not the code under test. Throws when a step fails.
std::string pushDevstackCommit(const std::string& workDir, const std::string& branch, const std::string& message,
    const std::function<void(const std::string& checkout)>& change);

/// A name no other test run uses, for tenant slugs and e-mail addresses.
std::string uniqueName(const std::string& prefix);

} // namespace ragdesk::test
