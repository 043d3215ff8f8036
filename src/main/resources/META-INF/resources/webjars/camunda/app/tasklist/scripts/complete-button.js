// Tasklist 7.24 disables Complete on a Camunda Form while form-js (1.8) holds any error entry. form-js keeps the error
// of a field that a condition has since hidden (e.g. a group of the meeting's items no longer needed, or the topic to
// merge into once the decision is "accept"), so Complete stayed disabled with nothing on screen to correct. Here a
// form is invalid only while a field on screen shows an error; on Complete, form-js still checks every field shown
// and the server checks the rest.
const angular = window.angular;

angular.module('cam.tasklist.form').decorator('camTasklistFormCamundaDirective', ['$delegate', function($delegate) {
  const directive = $delegate[0];
  const compile = directive.compile;

  directive.compile = function() {
    const link = compile.apply(this, arguments);
    const postLink = typeof link === 'function' ? link : link.post;

    return function(scope, element, attrs, tasklistForm) {
      // the form directive reports through this view of Tasklist's controller; Tasklist itself keeps the original
      const form = Object.create(tasklistForm);
      form.notifyFormValidated = function(invalid) {
        tasklistForm.notifyFormValidated(invalid);
        if (invalid) {
          // form-js shows the errors in its next rendering, after this report
          setTimeout(function() {
            const failed = (tasklistForm.getTasklistForm() || {}).$error; // the form could not be loaded
            if (!failed && !scope.$$destroyed && !element[0].querySelector('.fjs-has-errors')) {
              tasklistForm.notifyFormValidated(false);
            }
          });
        }
      };
      return postLink.call(this, scope, element, attrs, form);
    };
  };
  return $delegate;
}]);
