// The back-office's only script (every form works without it): asks before destructive actions,
// and shows the points-of-sale choice only for the profile that uses it.
'use strict';

document.addEventListener('submit', (event) => {
  const button = event.submitter;
  const question = button && button.getAttribute('data-confirm');
  if (question && !window.confirm(question)) event.preventDefault();
});

function followProfile() {
  const profile = document.querySelector('select[name="profile"]');
  const group = document.querySelector('[data-field="pointOfSaleIds"]');
  if (!profile || !group) return;
  const update = () => {
    group.hidden = profile.value !== 'pos-manager';
  };
  profile.addEventListener('change', update);
  update();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', followProfile);
else followProfile();
